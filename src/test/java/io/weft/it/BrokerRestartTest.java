package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker is stopped and started again while a service sends spans to a collector writing to
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
            "ingester.group-id", "g-" + topic, "kafka.producer.delivery-timeout", "3s"));
        TraceSender sender = TraceSender.start(node, "restart-svc", 3, 50)) {
      TestNode.await("spans accepted before the restart", () -> sender.acknowledged() >= 10 ? true : null);

      kafka.stop();
      int before = sender.acknowledged();
      Thread.sleep(TimeUnit.SECONDS.toMillis(DOWN_SECONDS));
      int whileDown = sender.acknowledged() - before;
      kafka.start();
      long back = System.nanoTime();
      int atRestart = sender.acknowledged();
      TestNode.await("the collector accepting again", () -> sender.acknowledged() >= atRestart + 10 ? true : null);
      System.out.printf("collector accepted again %d ms after the broker was back%n", (System.nanoTime() - back) / 1_000_000);
      sender.stop();
      assertTrue(sender.errors().isEmpty(), () -> "sender failed: " + sender.errors());
      assertTrue(sender.unavailable() > 0, "the collector answered 503 while the broker was down");
      assertTrue(whileDown <= 1, "at most a request in flight at the stop is acknowledged while down: " + whileDown);

      sender.awaitStored(node.node.store(), 30); // every acknowledged span, by span id
      String metrics = node.get(node.admin, "/metrics").body();
      assertTrue(Metrics.value(metrics, "weft_kafka_produce_failures_total") > 0, "failures counted");
      assertTrue(Metrics.value(metrics, "weft_requests_rejected_total", "reason=\"storage-error\"") > 0);
      System.out.printf("%d traces acknowledged and stored, %d refused with 503%n", sender.acknowledged(),
          sender.unavailable());
    }
  }
}
