package io.weft.storage.cassandra;

import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The trace-summary rows one write adds ({@link SummarySchema}): per service, time bucket and trace,
 * the earliest start of the trace's spans there, their operations, duration range and indexed tags
 * ({@code key=value}: Jaeger's view of span tags, process tags and log fields, as {@link IndexRows}
 * indexes them, under the same {@link TagIndexPolicy}). Pure computation, no driver.
 */
final class SummaryRows {
  /** A summary row's partition and trace. */
  record Key(String service, long bucket, TraceId traceId) {}

  /** What a row holds; sorted sets so the same spans give the same content hash. */
  static final class Summary {
    long start = Long.MAX_VALUE;
    long minDuration = Long.MAX_VALUE;
    long maxDuration = Long.MIN_VALUE;
    final TreeSet<String> operations = new TreeSet<>();
    final TreeSet<String> tags = new TreeSet<>();

    /** The row's chunk id: a replayed write gives the same row, other content of the same trace another row. */
    long contentHash() {
      return Objects.hash(start, minDuration, maxDuration, operations, tags) * 31L + operations.size();
    }

    /** Roughly the bytes of the row in a batch. */
    int bytes() {
      int n = 80;
      for (String t : tags) {
        n += t.length() + 4;
      }
      for (String o : operations) {
        n += o.length() + 4;
      }
      return n;
    }
  }

  final Map<Key, Summary> rows = new LinkedHashMap<>();

  /** The text a tag is indexed and searched as. */
  static String tag(String key, String value) {
    return key + '=' + value;
  }

  static SummaryRows of(List<Span> spans, Buckets buckets, TagIndexPolicy policy) {
    SummaryRows out = new SummaryRows();
    TagIndexPolicy.KeyMemo keys = policy.memo();
    for (Span s : spans) {
      String service = s.serviceName();
      if (s.traceId() == null || service == null || service.isEmpty()) {
        continue; // nothing to find it by
      }
      long start = s.startTimeMicros();
      Summary row = out.rows.computeIfAbsent(new Key(service, buckets.of(start), s.traceId()), k -> new Summary());
      row.start = Math.min(row.start, start);
      row.minDuration = Math.min(row.minDuration, s.durationMicros());
      row.maxDuration = Math.max(row.maxDuration, s.durationMicros());
      if (s.operationName() != null && !s.operationName().isEmpty()) {
        row.operations.add(s.operationName());
      }
      if (policy.spanTags()) {
        tags(JaegerTags.effective(s), row, keys, policy);
      }
      if (policy.processTags() && s.process() != null) {
        tags(s.process().tags(), row, keys, policy);
      }
      if (policy.logs()) {
        for (Log l : s.logs()) {
          tags(l.fields(), row, keys, policy);
        }
      }
    }
    return out;
  }

  private static void tags(List<Tag> tags, Summary row, TagIndexPolicy.KeyMemo keys, TagIndexPolicy policy) {
    for (Tag t : tags) {
      if (!keys.indexesKey(t.key())) {
        continue;
      }
      String value = t.valueAsString();
      if (policy.indexesValue(value)) {
        row.tags.add(tag(t.key(), value));
      }
    }
  }
}
