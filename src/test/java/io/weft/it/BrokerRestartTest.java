package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Metrics;
import io.weft.testing.Wait;
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
    KafkaTopic topic = KafkaTopic.fresh(4);
    KafkaBroker kafka = topic.kafka;
    try (TestNode node = TestNode.start(topic.node("collector,ingester,query", "kafka.producer.delivery-timeout", "3s"));
        TraceSender sender = TraceSender.start(node, "restart-svc", 3, 50)) {
      Wait.until("spans accepted before the restart", 20, () -> sender.acknowledged() >= 10);

      kafka.stop();
      int before = sender.acknowledged();
      Thread.sleep(TimeUnit.SECONDS.toMillis(DOWN_SECONDS));
      int whileDown = sender.acknowledged() - before;
      kafka.start();
      long back = System.nanoTime();
      int atRestart = sender.acknowledged();
      Wait.until("the collector accepting again", 20, () -> sender.acknowledged() >= atRestart + 10);
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
