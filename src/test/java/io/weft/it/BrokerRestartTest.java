package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.TraceId;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broker is stopped and started again while a sender posts spans to a collector writing to
 * Kafka: meanwhile the collector answers 503 (retryable) instead of hanging or losing spans, it
 * recovers by itself once the broker is back, and every span it acknowledged reaches storage.
 */
class BrokerRestartTest {
  static final int DOWN_SECONDS = 8;

  @Test
  void collectorAnswersRetryableErrorsWhileTheBrokerIsDownAndRecovers() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    String topic = "weft-spans-" + UUID.randomUUID();
    try (TestNode node = TestNode.start(Map.of("roles", "collector,ingester,query", "span-storage.type", "kafka",
        "kafka.brokers", kafka.bootstrap(), "kafka.topic", topic, "kafka.topic.partitions", "4",
        "ingester.group-id", "g-" + topic, "kafka.producer.delivery-timeout", "3s"))) {
      ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
      AtomicInteger unavailable = new AtomicInteger();
      AtomicInteger okAfterRestart = new AtomicInteger();
      AtomicBoolean restarted = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      List<Throwable> errors = new ArrayList<>();
      Thread sender = new Thread(() -> {
        long n = 0;
        while (!stop.get()) {
          String id = OtlpJson.traceId(42, ++n);
          try {
            HttpResponse<String> r = node.post(node.otlpHttp, "/v1/traces", "application/json",
                OtlpJson.trace("restart-svc", id, n, 3));
            if (r.statusCode() == 200) {
              acknowledged.add(id);
              if (restarted.get()) {
                okAfterRestart.incrementAndGet();
              }
            } else if (r.statusCode() == 503) {
              unavailable.incrementAndGet();
              assertEquals("1", r.headers().firstValue("retry-after").orElse(null));
            } else {
              throw new AssertionError("unexpected " + r.statusCode() + ": " + r.body());
            }
            Thread.sleep(50);
          } catch (Throwable e) {
            synchronized (errors) {
              errors.add(e);
            }
            return;
          }
        }
      }, "sender");
      sender.start();
      TestNode.await("spans accepted before the restart", () -> acknowledged.size() >= 10 ? true : null);

      kafka.stop();
      Thread.sleep(TimeUnit.SECONDS.toMillis(DOWN_SECONDS));
      int ackedWhileDown = acknowledged.size();
      kafka.start();
      restarted.set(true);
      long back = System.nanoTime();
      TestNode.await("the collector accepting again", () -> okAfterRestart.get() >= 10 ? true : null);
      System.out.printf("collector accepted again %d ms after the broker was back%n", (System.nanoTime() - back) / 1_000_000);
      stop.set(true);
      sender.join(15_000);
      assertTrue(errors.isEmpty(), () -> "sender failed: " + errors);
      assertTrue(unavailable.get() > 0, "the collector answered 503 while the broker was down");

      // Every acknowledged span is stored: the trace of each 200 has its 3 spans.
      for (String id : acknowledged) {
        TestNode.await("acknowledged trace " + id, () -> {
          var spans = node.node.store().getTrace(TraceId.fromHex(id)).toCompletionStage().toCompletableFuture().join();
          return spans.size() == 3 ? true : null;
        });
      }
      String metrics = node.get(node.admin, "/metrics").body();
      assertTrue(Metrics.value(metrics, "weft_kafka_produce_failures_total") > 0, "failures counted");
      assertTrue(Metrics.value(metrics, "weft_requests_rejected_total", "reason=\"storage-error\"") > 0);
      System.out.printf("%d traces acknowledged (%d by the time the broker came back), %d refused with 503%n",
          acknowledged.size(), ackedWhileDown, unavailable.get());
    }
  }
}
