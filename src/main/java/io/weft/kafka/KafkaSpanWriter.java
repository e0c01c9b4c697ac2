package io.weft.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import io.weft.tenant.TenancySettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The collector's writer when {@code span-storage.type=kafka}: spans become records on the span
 * topic ({@link SpanRecords}), and the write succeeds only once Kafka acknowledged every record
 * (acks=all), so the collector acknowledges its sender only for spans that are on the brokers.
 *
 * <p>Kafka unreachable: records wait in the producer's buffer until delivery.timeout.ms, then the
 * write fails and the sender gets a retryable error (503 / UNAVAILABLE). The bytes waiting are
 * bounded by Weft, at half the producer's buffer.memory: past it a write fails at once, before the
 * producer would block a thread waiting for space. Both are counted in /metrics.
 */
public final class KafkaSpanWriter implements SpanWriter {
  private final Vertx vertx;
  private final KafkaSettings settings;
  private KafkaWriteStream<byte[], byte[]> producer;
  private final long limitBytes;
  private final AtomicLong inFlightBytes = new AtomicLong();
  private final Counter records;
  private final Counter spans;
  private final Map<String, Counter> failures = new HashMap<>();

  public KafkaSpanWriter(Vertx vertx, KafkaSettings settings, WeftMetrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.limitBytes = settings.bufferBytes() / 2;
    MeterRegistry r = metrics.meterRegistry();
    records = Counter.builder("weft_kafka_records_produced").description("span records Kafka acknowledged")
        .register(r);
    spans = Counter.builder("weft_kafka_spans_produced").description("spans in records Kafka acknowledged")
        .register(r);
    for (String reason : List.of("buffer-full", "timeout", "error")) {
      failures.put(reason, Counter.builder("weft_kafka_produce_failures")
          .description("span records not acknowledged by Kafka; their senders got a retryable error")
          .tag("reason", reason).register(r));
    }
    Gauge.builder("weft_kafka_producer_pending_bytes", inFlightBytes, AtomicLong::get)
        .description("bytes of span records sent to Kafka and not acknowledged yet").register(r);
    Gauge.builder("weft_kafka_producer_pending_limit_bytes", () -> limitBytes)
        .description("pending bytes past which writes are refused (half of kafka.producer.buffer-bytes)").register(r);
  }

  /**
   * Creates the topic when missing, then the producer, and loads the topic's metadata so the first
   * send does not wait for it. Call before the first write.
   */
  public Future<Void> start() {
    return KafkaTopics.ensure(vertx, settings, List.of(KafkaTopics.spans(settings)))
        .compose(v -> KafkaClients.producer(vertx, settings.producer("weft-collector")))
        .compose(p -> {
          producer = p;
          return p.partitionsFor(settings.topic());
        })
        .mapEmpty();
  }

  @Override
  public Future<Void> write(List<Span> batch) {
    return write(TenancySettings.IMPLICIT, batch);
  }

  /** A writer of one tenant's spans: its records carry the tenant in the {@link SpanRecords#TENANT_HEADER} header. */
  public SpanWriter forTenant(String tenant) {
    return spans -> write(tenant, spans);
  }

  private Future<Void> write(String tenant, List<Span> batch) {
    List<SpanRecords.Out> out = SpanRecords.encode(batch);
    long bytes = 0;
    for (SpanRecords.Out o : out) {
      bytes += o.bytes();
    }
    long pending = inFlightBytes.addAndGet(bytes);
    if (pending > limitBytes && pending != bytes) { // a lone oversized write still goes: it can never fit
      inFlightBytes.addAndGet(-bytes);
      failures.get("buffer-full").increment(out.size());
      return Future.failedFuture(new KafkaUnavailableException("Kafka producer buffer is full (" + limitBytes
          + " bytes awaiting acknowledgement from " + settings.brokers() + "); retry later", null));
    }
    List<Future<?>> sends = new ArrayList<>(out.size());
    for (SpanRecords.Out o : out) {
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topic(), o.key(), o.value());
      SpanRecords.tenant(record.headers(), tenant);
      sends.add(producer.send(record).andThen(ar -> {
        inFlightBytes.addAndGet(-o.bytes());
        if (ar.succeeded()) {
          records.increment();
          spans.increment(o.spans());
        } else {
          failures.get(ar.cause() instanceof TimeoutException ? "timeout" : "error").increment();
        }
      }));
    }
    return Future.all(sends).transform(ar -> ar.succeeded() ? Future.succeededFuture()
        : Future.failedFuture(new KafkaUnavailableException("Kafka did not acknowledge the spans: "
            + ar.cause().getMessage() + "; retry later", ar.cause())));
  }

  /** Waits up to the delivery timeout for records already sent. */
  public Future<Void> close() {
    return producer == null ? Future.succeededFuture() : producer.close(settings.deliveryTimeoutMs());
  }
}
