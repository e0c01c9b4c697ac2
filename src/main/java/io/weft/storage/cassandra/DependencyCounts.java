package io.weft.storage.cassandra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums the counter changes of one write (or of several: {@link DependencyCounterCommits}) per
 * (bucket, parent, child) and per (second, parent, child), so many traces send a handful of counter
 * updates. Changes for buckets that
 * end before {@code oldestEndMicros} are dropped: such buckets are (about to be) deleted, and a
 * counter must not be incremented after its deletion.
 */
final class DependencyCounts {
  interface BucketSink {
    void add(long bucket, String parent, String child, long calls);
  }

  interface SecondSink {
    void add(long bucket, long second, String parent, String child, long calls);
  }

  private record BucketKey(long bucket, String parent, String child) {}

  private record SecondKey(long bucket, long second, String parent, String child) {}

  private final Buckets buckets;
  private final long oldestEndMicros;
  private final Map<BucketKey, Long> byBucket = new LinkedHashMap<>();
  private final Map<SecondKey, Long> bySecond = new LinkedHashMap<>();

  DependencyCounts(Buckets buckets, long oldestEndMicros) {
    this.buckets = buckets;
    this.oldestEndMicros = oldestEndMicros;
  }

  void add(List<DependencyTracker.Delta> deltas) {
    for (DependencyTracker.Delta d : deltas) {
      long bucket = buckets.of(d.second() * 1_000_000L);
      if (buckets.endMicros(bucket) < oldestEndMicros) {
        continue;
      }
      byBucket.merge(new BucketKey(bucket, d.parent(), d.child()), d.calls(), Long::sum);
      bySecond.merge(new SecondKey(bucket, d.second(), d.parent(), d.child()), d.calls(), Long::sum);
    }
  }

  boolean isEmpty() {
    return byBucket.isEmpty() && bySecond.isEmpty();
  }

  /** Adds another write's changes to these (a group commit's sum). */
  void addAll(DependencyCounts other) {
    other.byBucket.forEach((k, v) -> byBucket.merge(k, v, Long::sum));
    other.bySecond.forEach((k, v) -> bySecond.merge(k, v, Long::sum));
  }

  void forEachBucket(BucketSink sink) {
    byBucket.forEach((k, v) -> {
      if (v != 0) {
        sink.add(k.bucket(), k.parent(), k.child(), v);
      }
    });
  }

  void forEachSecond(SecondSink sink) {
    bySecond.forEach((k, v) -> {
      if (v != 0) {
        sink.add(k.bucket(), k.second(), k.parent(), k.child(), v);
      }
    });
  }
}
