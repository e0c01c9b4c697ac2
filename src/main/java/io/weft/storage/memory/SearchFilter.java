package io.weft.storage.memory;

import io.weft.model.JaegerTags;
import io.weft.storage.TraceQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a trace must hold to possibly match a query, tested on a {@link TraceEntry} without
 * decoding it: hashes its tag filter must have (the searched tags and the operation) and duration
 * bounds some span must meet ({@link TraceEntry#mayMatch}, on every trace of a bucket), and strings
 * its encoded spans must contain (the operation; {@link TraceEntry#containsAll}, on the traces
 * visited). These are necessary conditions only; the span matcher decides.
 */
record SearchFilter(int[] tagHashes, long minDuration, long maxDuration, List<byte[]> needles) {
  /** Tags the store synthesizes from other fields (kind, status): not in the filter, so not required there. */
  private static final Set<String> SYNTHETIC_TAG_KEYS = Set.of(
      JaegerTags.SPAN_KIND, JaegerTags.ERROR, JaegerTags.STATUS_CODE, JaegerTags.STATUS_DESCRIPTION);

  static SearchFilter of(TraceQuery q) {
    List<Integer> hashes = new ArrayList<>();
    q.tags().forEach((k, v) -> {
      if (!SYNTHETIC_TAG_KEYS.contains(k)) {
        hashes.add(TagFilter.tagHash(k, v));
      }
    });
    List<byte[]> needles = List.of();
    if (q.operation() != null) {
      hashes.add(TagFilter.operationHash(q.operation()));
      needles = List.of(q.operation().getBytes(StandardCharsets.UTF_8));
    }
    return new SearchFilter(hashes.stream().mapToInt(Integer::intValue).toArray(),
        q.durationMinMicros(), q.durationMaxMicros(), needles);
  }
}
