package io.weft.it;

import io.weft.testing.KnownTraffic;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import org.junit.jupiter.api.Test;

/**
 * Span metrics behind Kafka: a collector counts what it accepts and flushes to the -metrics topic;
 * an ingester in a JVM of its own writes the flushes to a real Cassandra node beside the spans; its
 * query answers what the OpenTelemetry SDK sent. The collector is stopped right after the SDK's
 * export was acknowledged: stopping flushes, so nothing is lost.
 */
class SpanMetricsKafkaTest {

  @Test
  void figuresComeThroughKafkaToCassandraAndAGracefulStopLosesNothing() throws Exception {
    KafkaTopic topic = KafkaTopic.fresh(2);
    try (WeftProcess ingester = WeftProcess.start("ingester", topic.intoCassandra("ingester,query"))) {
      KnownTraffic traffic = new KnownTraffic();
      TestNode collector = TestNode.start(topic.node("collector"));
      try {
        traffic.send("http://127.0.0.1:" + collector.otlpGrpc);
      } finally {
        collector.close(); // well inside the 15 s bucket: what it counted leaves with the last flush
      }
      Wait.until("the known figures on the ingester's query", 60, () -> {
        try {
          traffic.assertServed(ingester.query);
          return true;
        } catch (AssertionError e) {
          return false;
        }
      });
      traffic.assertServed(ingester.query);
    }
  }
}
