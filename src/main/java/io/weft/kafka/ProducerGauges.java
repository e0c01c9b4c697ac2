package io.weft.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * A few of the Kafka producer's own metrics on /metrics, as {@code weft_kafka_producer_client{metric=...}}:
 * the ones that tell where a collector's acknowledgement waits (in the producer's batches, in the
 * broker's answer, for buffer space or a quota) and how large the batches and requests are.
 * Kafka's averages are over its last 30 s or so.
 */
final class ProducerGauges {
  static final List<String> NAMES = List.of("record-queue-time-avg", "record-queue-time-max", "request-latency-avg",
      "request-latency-max", "batch-size-avg", "records-per-request-avg", "record-send-rate", "request-rate",
      "requests-in-flight", "bufferpool-wait-ratio", "produce-throttle-time-avg", "record-retry-rate",
      "compression-rate-avg");

  private ProducerGauges() {}

  static void register(Producer<?, ?> producer, MeterRegistry registry) {
    for (String name : NAMES) {
      Gauge.builder("weft_kafka_producer_client", producer, p -> value(p.metrics(), name))
          .description("the collector's Kafka producer metric named by the tag (producer-metrics group)")
          .tag("metric", name.replace('-', '_')).register(registry);
    }
  }

  private static double value(Map<MetricName, ? extends Metric> metrics, String name) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")
          && e.getValue().metricValue() instanceof Number n) {
        return n.doubleValue();
      }
    }
    return Double.NaN;
  }
}
