package io.weft.ingester;

import io.vertx.core.Future;
import io.weft.kafka.SpanRecords;
import io.weft.model.Span;
import io.weft.sampling.tail.TailSampler;
import io.weft.storage.SpanWriter;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenantResolver;
import io.weft.wire.EncodedTrace;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records, decoded: per tenant the spans to store (each trace's spans with the message
 * they came from, which storage may keep as it is; a record holds one trace's message or several), the records that cannot be decoded or
 * whose tenant is refused (for the dead-letter topic), and per partition the offset to commit once
 * both are safely written.
 */
final class Batch {
  /** Per tenant (the records' {@link SpanRecords#TENANT_HEADER}, checked), its spans. */
  final Map<String, Spans> byTenant = new HashMap<>(4);
  /**
   * The spans by partition (a trace's records all share one: Kafka's key is the trace id), then by tenant:
   * tail sampling only, which decides each tenant's traces apart.
   */
  final Map<TopicPartition, Map<String, List<Span>>> byPartition;
  final List<Poison> poison = new ArrayList<>();
  /** Per partition, the offset after the last record of this batch: what a commit records. */
  final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  /** Per partition, the record times of its spans (tail sampling decides in record time); tail sampling only. */
  final Map<TopicPartition, TailSampler.RecordTimes> times = new HashMap<>();
  int records;
  int skipped;
  int spanCount;
  long bytes;
  boolean done;

  private Batch(boolean byPartition) {
    this.byPartition = byPartition ? new HashMap<>() : null;
  }

  /** A record that is not a span message, and why. */
  record Poison(ConsumerRecord<byte[], byte[]> record, String reason) {}

  /** Decides, per record, whether it is taken (replay filters by offset range and time). */
  interface Filter {
    boolean take(ConsumerRecord<byte[], byte[]> record);
  }

  /** One tenant's spans: records of one trace (all Weft's collectors write) with their values, and the rest. */
  static final class Spans {
    final List<EncodedTrace> traces = new ArrayList<>();
    /** Spans of records that mix traces: stored the ordinary way. */
    final List<Span> loose = new ArrayList<>(0);
    private int count;

    int size() {
      return count;
    }

    /** Stores them: the single-trace records' values as they are, where storage keeps such bytes. */
    Future<Void> writeTo(SpanWriter store) {
      if (loose.isEmpty()) {
        return store.writeEncoded(traces);
      }
      if (traces.isEmpty()) {
        return store.write(loose);
      }
      return Future.all(store.writeEncoded(traces), store.write(loose)).mapEmpty();
    }
  }

  static Batch decode(ConsumerRecords<byte[], byte[]> polled, Filter filter) {
    return decode(polled, filter, TenantResolver.disabled(), false);
  }

  /** {@code byPartition}: also group the spans by partition (for tail sampling). */
  static Batch decode(ConsumerRecords<byte[], byte[]> polled, Filter filter, TenantResolver tenants,
      boolean byPartition) {
    Batch b = read(polled, byPartition);
    b.decodeValues(polled, filter, tenants);
    return b;
  }

  /**
   * A poll's batch before its records are decoded: their count, bytes and the offsets to commit. Cheap (no
   * record value is read), so the loop does it in poll order; {@link #decodeValues} then runs on a worker.
   */
  static Batch read(ConsumerRecords<byte[], byte[]> polled, boolean byPartition) {
    Batch b = new Batch(byPartition);
    TopicPartition tp = null;
    for (ConsumerRecord<byte[], byte[]> r : polled) {
      b.records++;
      b.bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
      if (tp == null || tp.partition() != r.partition() || !tp.topic().equals(r.topic())) {
        tp = new TopicPartition(r.topic(), r.partition()); // records come grouped by partition
      }
      b.nextOffsets.merge(tp, r.offset() + 1, Math::max);
    }
    return b;
  }

  /**
   * Decodes the records' values into this batch's spans and poison records: the CPU of a batch (thousands
   * of spans), for a worker thread. Touches neither {@link #nextOffsets} nor {@link #done}, which the loop owns;
   * {@code filter} and {@code tenants} must be safe to call from any thread.
   */
  void decodeValues(ConsumerRecords<byte[], byte[]> polled, Filter filter, TenantResolver tenants) {
    TopicPartition tp = null;
    for (ConsumerRecord<byte[], byte[]> r : polled) {
      if (tp == null || tp.partition() != r.partition() || !tp.topic().equals(r.topic())) {
        tp = new TopicPartition(r.topic(), r.partition());
      }
      long ts = r.timestamp(); // -1: none (a pre-0.10 record)
      TailSampler.RecordTimes times = byPartition == null || ts < 0 ? null : this.times.compute(tp, (k, t) -> t == null
          ? new TailSampler.RecordTimes(new HashMap<>(), ts) : t.newestMillis() >= ts ? t
          : new TailSampler.RecordTimes(t.firstMillis(), ts));
      if (filter != null && !filter.take(r)) {
        skipped++;
        continue;
      }
      String tenant;
      List<byte[]> messages;
      List<List<Span>> decoded;
      try {
        tenant = tenants.check(SpanRecords.tenant(r.headers()));
        messages = SpanRecords.messages(r.value());
        decoded = new ArrayList<>(messages.size());
        for (byte[] m : messages) {
          decoded.add(SpanBinaryCodec.decode(m));
        }
      } catch (RuntimeException e) {
        // A refused tenant (no header and no default, not allowed) is as final as an undecodable value.
        // Undecodable now means undecodable forever: retrying would stall the partition. A record is
        // taken whole or not at all.
        poison.add(new Poison(r, e.getClass().getSimpleName() + ": " + e.getMessage()));
        continue;
      }
      Spans mine = byTenant.computeIfAbsent(tenant, t -> new Spans());
      List<Span> ofPartition = byPartition != null
          ? byPartition.computeIfAbsent(tp, k -> new HashMap<>(2)).computeIfAbsent(tenant, t -> new ArrayList<>())
          : null;
      for (int i = 0; i < messages.size(); i++) {
        add(mine, messages.get(i), decoded.get(i), tenant, ofPartition, times, ts);
      }
    }
  }

  /** One message's spans (of one trace, as collectors write them) to their tenant's and partition's lists. */
  private void add(Spans mine, byte[] message, List<Span> spans, String tenant, List<Span> ofPartition,
      TailSampler.RecordTimes times, long ts) {
    spanCount += spans.size();
    mine.count += spans.size();
    EncodedTrace trace = EncodedTrace.of(message, spans);
    if (trace != null) {
      mine.traces.add(trace);
    } else {
      mine.loose.addAll(spans);
    }
    if (ofPartition != null) {
      ofPartition.addAll(spans);
    }
    if (times != null) {
      Map<TailSampler.Key, Long> first = times.firstMillis();
      for (Span s : spans) {
        first.merge(new TailSampler.Key(tenant, s.traceId()), ts, Math::min);
      }
    }
  }

  /**
   * Each tenant's spans to its store; a retry writes them all again (writing a span twice is harmless), and
   * a store that can tell what an earlier attempt stored sends only the rest ({@link Retry}).
   */
  Future<Void> writeTo(PerTenant<SpanWriter> stores) {
    if (byTenant.size() == 1) {
      Map.Entry<String, Spans> only = byTenant.entrySet().iterator().next();
      return only.getValue().writeTo(stores.of(only.getKey()));
    }
    List<Future<Void>> writes = new ArrayList<>(byTenant.size());
    byTenant.forEach((tenant, spans) -> writes.add(spans.writeTo(stores.of(tenant))));
    return Future.all(writes).mapEmpty();
  }

  /** The spans are handed on (tail sampling buffers them): the batch keeps only its offsets. */
  void releaseSpans() {
    byTenant.clear();
    times.clear();
    if (byPartition != null) {
      byPartition.clear();
    }
  }
}
