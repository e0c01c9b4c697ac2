package io.weft.storage.cassandra;

import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The time range one {@link TraceSearch} reads, and its buckets newest first. Nothing older than the TTL
 * is kept (a day's margin for late spans); this also bounds how many buckets an open-ended search walks.
 */
record SearchWindow(long min, long max, List<Long> buckets) {
  private static final long DAY_MICROS = 86_400_000_000L;

  static SearchWindow of(CassandraSettings s, TraceQuery q, long nowMicros) {
    long oldest = nowMicros - s.ttlMicros() - DAY_MICROS;
    long newest = nowMicros + DAY_MICROS;
    long min = Math.max(q.startTimeMinMicros() > 0 ? q.startTimeMinMicros() : oldest, oldest);
    long max = Math.min(q.startTimeMaxMicros() > 0 ? q.startTimeMaxMicros() : newest, newest);
    List<Long> buckets = new ArrayList<>();
    Buckets b = s.buckets();
    if (min <= max) {
      for (long bucket = b.of(max); bucket >= b.of(min); bucket -= b.seconds()) {
        buckets.add(bucket);
      }
    }
    return new SearchWindow(min, max, buckets);
  }

  boolean contains(long startMicros) {
    return startMicros >= min && startMicros <= max;
  }
}
