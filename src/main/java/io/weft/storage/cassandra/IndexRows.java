package io.weft.storage.cassandra;

import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index rows one write adds, grouped by partition so each partition gets one batch. Pure
 * computation, no driver.
 *
 * <p>The service, operation and tag indexes hold one row per trace (and tag value) per partition
 * (and so per bucket), at the earliest start of the trace's spans in this write that carry the value in
 * that bucket: a search needs only the trace id, and this cuts the rows per span several times
 * (a process tag is on every span of its service). Because a row is kept per bucket, the spans
 * carrying two values at the same instant always have rows in the same bucket, so a search may
 * intersect the indexes bucket by bucket. The duration index likewise holds one row per trace
 * per operation (plus operation '' for "any operation") per duration octave: the row's duration
 * is the octave's floor ({@link #octave}, a power of two), so a search reads from the floor of its
 * minimum and the span filter drops what is below it. A trace of many spans adds a few duration
 * rows, not one per span.
 */
final class IndexRows {
  /**
   * The four index tables, the trace summary (searched through SAI, written by {@link SummaryRows}) and
   * the trace packs (summaries packed per write, searched by reading them: {@link TracePack}).
   */
  enum Table { SERVICE, OPERATION, TAG, DURATION, SUMMARY, PACKED }

  /** A partition of an index table: {@code a} is the operation or the tag key (null for the service index). */
  record Partition(Table table, String service, String a, long bucket) {}

  /**
   * A clustering row: the tag value (tag index, else null), trace id, start, and the duration
   * (duration index, else 0).
   */
  record Entry(String value, TraceId traceId, long start, long duration) {}

  /** Rows of every index: earliest start per (value or duration octave, trace). */
  final Map<Partition, Map<Entry, Long>> earliest = new LinkedHashMap<>();

  static IndexRows of(List<Span> spans, Buckets buckets, TagIndexPolicy policy) {
    IndexRows rows = new IndexRows();
    TagIndexPolicy.KeyMemo keys = policy.memo();
    for (Span s : spans) {
      String service = s.serviceName();
      if (s.traceId() == null || service == null || service.isEmpty()) {
        continue; // nothing to find it by
      }
      long start = s.startTimeMicros();
      long bucket = buckets.of(start);
      String op = s.operationName() == null ? "" : s.operationName();
      rows.earliest(new Partition(Table.SERVICE, service, null, bucket), null, s.traceId(), start);
      if (!op.isEmpty()) {
        rows.earliest(new Partition(Table.OPERATION, service, op, bucket), null, s.traceId(), start);
        rows.duration(new Partition(Table.DURATION, service, op, bucket), s, start);
      }
      rows.duration(new Partition(Table.DURATION, service, "", bucket), s, start);
      // What a tag search matches (SpanMatcher): Jaeger's view of the span tags, the process
      // tags and log fields, all by their text.
      if (policy.spanTags()) {
        rows.tags(JaegerTags.effective(s), service, bucket, s.traceId(), start, keys, policy);
      }
      if (policy.processTags() && s.process() != null) {
        rows.tags(s.process().tags(), service, bucket, s.traceId(), start, keys, policy);
      }
      if (policy.logs()) {
        for (Log l : s.logs()) {
          rows.tags(l.fields(), service, bucket, s.traceId(), start, keys, policy);
        }
      }
    }
    return rows;
  }

  private void tags(List<Tag> tags, String service, long bucket, TraceId traceId, long start,
      TagIndexPolicy.KeyMemo keys, TagIndexPolicy policy) {
    for (Tag t : tags) {
      if (!keys.indexesKey(t.key())) {
        continue;
      }
      String value = t.valueAsString();
      if (policy.indexesValue(value)) {
        earliest(new Partition(Table.TAG, service, t.key(), bucket), value, traceId, start);
      }
    }
  }

  /** Keyed by an entry without its start, mapped to the earliest start seen. */
  private void earliest(Partition p, String value, TraceId traceId, long start) {
    earliest.computeIfAbsent(p, k -> new LinkedHashMap<>()).merge(new Entry(value, traceId, 0, 0), start, Math::min);
  }

  private void duration(Partition p, Span s, long start) {
    earliest.computeIfAbsent(p, k -> new LinkedHashMap<>())
        .merge(new Entry(null, s.traceId(), 0, octave(s.durationMicros())), start, Math::min);
  }

  /** The largest power of two not above a duration (0 for none): the duration index's row value. */
  static long octave(long durationMicros) {
    return durationMicros <= 0 ? 0 : Long.highestOneBit(durationMicros);
  }

  /** Rows this batch adds to the index tables (bench/cassandra-search.sh reports it). */
  int rowCount() {
    int n = 0;
    for (Map<Entry, Long> m : earliest.values()) {
      n += m.size();
    }
    return n;
  }
}
