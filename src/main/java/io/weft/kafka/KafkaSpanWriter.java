package io.weft.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import io.weft.tenant.TenancySettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
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
  private Producer<byte[], byte[]> kafka;
  private final long limitBytes;
  private final MeterRegistry registry;
  private final AtomicLong inFlightBytes = new AtomicLong();
  private final Counter records;
  private final Counter spans;
  private final Map<String, Counter> failures = new HashMap<>();

  public KafkaSpanWriter(Vertx vertx, KafkaSettings settings, WeftMetrics metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.limitBytes = settings.bufferBytes() / 2;
    MeterRegistry r = metrics.meterRegistry();
    this.registry = r;
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
          kafka = p.unwrap();
          ProducerGauges.register(kafka, registry);
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

  /**
   * Encodes a request's records and sends them from a worker in one task, and completes once on the
   * caller's context when Kafka acknowledged the last one. The encoding runs there too, not on the
   * caller's event loop: a collector's gRPC connection is served by one event loop, which would
   * otherwise encode every request of that connection on one thread (and KafkaProducer.send may
   * block while it fetches metadata).
   */
  private Future<Void> write(String tenant, List<Span> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    Context caller = vertx.getOrCreateContext();
    Promise<Void> done = Promise.promise();
    vertx.executeBlocking(() -> {
      try {
        send(tenant, batch, caller, done);
      } catch (RuntimeException e) { // an encoding failure or no metadata: nothing was sent
        caller.runOnContext(v -> done.tryFail(e));
      }
      return null;
    }, false).onFailure(err -> // not run at all (Vert.x closing): no record was sent
        done.tryFail(new KafkaUnavailableException("spans not sent to Kafka: " + err.getMessage() + "; retry later", err)));
    return done.future();
  }

  /** On a worker: the records of one request to the producer; {@code done} completes on {@code caller}. */
  private void send(String tenant, List<Span> batch, Context caller, Promise<Void> done) {
    // The partition count is the producer's cached metadata (start() loaded it); a record per partition
    // the request's traces hash to, not per trace: far fewer records for the same producer batches.
    List<SpanRecords.Out> out = settings.recordPerPartition()
        ? SpanRecords.encode(batch, partitions()) : SpanRecords.encode(batch);
    if (out.isEmpty()) {
      caller.runOnContext(v -> done.tryComplete());
      return;
    }
    long bytes = 0;
    for (SpanRecords.Out o : out) {
      bytes += o.bytes();
    }
    long pending = inFlightBytes.addAndGet(bytes);
    if (pending > limitBytes && pending != bytes) { // a lone oversized write still goes: it can never fit
      inFlightBytes.addAndGet(-bytes);
      failures.get("buffer-full").increment(out.size());
      KafkaUnavailableException full = new KafkaUnavailableException("Kafka producer buffer is full (" + limitBytes
          + " bytes awaiting acknowledgement from " + settings.brokers() + "); retry later", null);
      caller.runOnContext(v -> done.tryFail(full));
      return;
    }
    Acks acks = new Acks(out.size(), bytes, caller, done);
    for (SpanRecords.Out o : out) {
      try {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topic(),
            o.partition() < 0 ? null : o.partition(), o.key(), o.value());
        SpanRecords.tenant(record.headers(), tenant);
        kafka.send(record, (md, err) -> acks.record(o.spans(), err));
      } catch (RuntimeException e) { // send throws rather than calling back: a metadata timeout, a closed producer
        acks.record(o.spans(), e);
      }
    }
  }

  /** The topic's partition count from the producer's metadata (fetched first if it has none, up to max.block.ms). */
  private int partitions() {
    try {
      return kafka.partitionsFor(settings.topic()).size();
    } catch (org.apache.kafka.common.KafkaException e) {
      failures.get(e instanceof TimeoutException ? "timeout" : "error").increment();
      throw new KafkaUnavailableException("no partitions of " + settings.topic() + " known from " + settings.brokers()
          + ": " + e.getMessage() + "; retry later", e);
    }
  }

  /** Counts a request's acknowledgements on the producer's thread; the last one completes the write. */
  private final class Acks {
    private final AtomicInteger left;
    private final AtomicInteger ackedRecords = new AtomicInteger();
    private final AtomicInteger ackedSpans = new AtomicInteger();
    private final long bytes;
    private final Context caller;
    private final Promise<Void> done;
    private volatile Exception failure;

    Acks(int recordCount, long bytes, Context caller, Promise<Void> done) {
      this.left = new AtomicInteger(recordCount);
      this.bytes = bytes;
      this.caller = caller;
      this.done = done;
    }

    void record(int spanCount, Exception err) {
      if (err == null) {
        ackedRecords.incrementAndGet();
        ackedSpans.addAndGet(spanCount);
      } else {
        failure = err;
        failures.get(err instanceof TimeoutException ? "timeout" : "error").increment();
      }
      if (left.decrementAndGet() != 0) {
        return;
      }
      inFlightBytes.addAndGet(-bytes);
      records.increment(ackedRecords.get());
      spans.increment(ackedSpans.get());
      Exception cause = failure;
      caller.runOnContext(v -> {
        if (cause == null) {
          done.tryComplete();
        } else {
          done.tryFail(new KafkaUnavailableException("Kafka did not acknowledge the spans: " + cause.getMessage()
              + "; retry later", cause));
        }
      });
    }
  }

  /** Waits up to the delivery timeout for records already sent. */
  public Future<Void> close() {
    return producer == null ? Future.succeededFuture() : producer.close(settings.deliveryTimeoutMs());
  }
}
