package io.weft.ingester;

import io.weft.kafka.SpanRecords;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.sampling.tail.TailSampler;
import io.weft.tenant.TenantResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records, decoded: the spans to store, the records that cannot be decoded (for the
 * dead-letter topic), and per partition the offset to commit once both are safely written.
 */
final class Batch {
  final List<Span> spans = new ArrayList<>();
  /** The same spans by partition (a trace's records all share one: Kafka's key is the trace id). */
  final Map<TopicPartition, List<Span>> byPartition = new HashMap<>();
  /** The same spans by tenant (the records' {@link SpanRecords#TENANT_HEADER}, checked). */
  final Map<String, List<Span>> byTenant = new HashMap<>();
  final List<Poison> poison = new ArrayList<>();
  /** Per partition, the offset after the last record of this batch: what a commit records. */
  final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  /** Per partition, the record times of its spans (tail sampling decides in record time). */
  final Map<TopicPartition, TailSampler.RecordTimes> times = new HashMap<>();
  int records;
  int skipped;
  long bytes;
  boolean done;

  /** A record that is not a span message, and why. */
  record Poison(ConsumerRecord<byte[], byte[]> record, String reason) {}

  /** Decides, per record, whether it is taken (replay filters by offset range and time). */
  interface Filter {
    boolean take(ConsumerRecord<byte[], byte[]> record);
  }

  static Batch decode(ConsumerRecords<byte[], byte[]> polled, Filter filter) {
    return decode(polled, filter, TenantResolver.disabled());
  }

  static Batch decode(ConsumerRecords<byte[], byte[]> polled, Filter filter, TenantResolver tenants) {
    Batch b = new Batch();
    for (ConsumerRecord<byte[], byte[]> r : polled) {
      b.records++;
      b.bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      b.nextOffsets.merge(tp, r.offset() + 1, Math::max);
      long ts = r.timestamp(); // -1: none (a pre-0.10 record)
      TailSampler.RecordTimes times = ts < 0 ? null : b.times.compute(tp, (k, t) -> t == null
          ? new TailSampler.RecordTimes(new HashMap<>(), ts) : t.newestMillis() >= ts ? t
          : new TailSampler.RecordTimes(t.firstMillis(), ts));
      if (filter != null && !filter.take(r)) {
        b.skipped++;
        continue;
      }
      try {
        String tenant = tenants.check(SpanRecords.tenant(r.headers()));
        List<Span> decoded = SpanRecords.decode(r.value());
        b.spans.addAll(decoded);
        b.byPartition.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(decoded);
        b.byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).addAll(decoded);
        if (times != null) {
          Map<TraceId, Long> first = times.firstMillis();
          for (Span s : decoded) {
            first.merge(s.traceId(), ts, Math::min);
          }
        }
      } catch (RuntimeException e) {
        // A refused tenant (no header and no default, not allowed) is as final as an undecodable value.
        // Undecodable now means undecodable forever: retrying would stall the partition.
        b.poison.add(new Poison(r, e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
    return b;
  }
}
