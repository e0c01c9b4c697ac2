package io.weft.storage.memory;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The search indexes: every trace by start time, and per service the same ({@link TimeIndex},
 * all with the same bucket width). Services get small ids so a span records its service in an
 * int; they are never removed (like Jaeger's memory store).
 */
final class Indexes {
  /** Bucket width of the time indexes: a trade between buckets per service and entries per bucket. */
  static final long DEFAULT_BUCKET_MICROS = 10_000_000L;

  final long bucketMicros;
  final TimeIndex all;
  private final ConcurrentHashMap<String, ServiceIndex> byName = new ConcurrentHashMap<>();
  private volatile ServiceIndex[] byId = new ServiceIndex[0];

  Indexes(long bucketMicros) {
    if (bucketMicros <= 0) {
      throw new IllegalArgumentException("bucket width must be positive: " + bucketMicros);
    }
    this.bucketMicros = bucketMicros;
    this.all = new TimeIndex(bucketMicros);
  }

  long bucketOf(long start) {
    return Math.floorDiv(start, bucketMicros);
  }

  /** Puts a trace in the bucket of the all-traces index and of each of its services' ({@code serviceIds}). */
  void add(TraceEntry trace, int[] serviceIds, long bucket) {
    all.add(trace, bucket);
    for (int s : serviceIds) {
      service(s).traces.add(trace, bucket);
    }
  }

  /** Takes a trace out of the bucket of the all-traces index and of its first {@code count} services'. */
  void release(int[] serviceIds, int count, long bucket) {
    all.release(bucket);
    for (int i = 0; i < count; i++) {
      service(serviceIds[i]).traces.release(bucket);
    }
  }

  /** The service's index, created on first sight; its name is the one shared copy. */
  ServiceIndex service(String name) {
    ServiceIndex s = byName.get(name);
    return s != null ? s : create(name);
  }

  ServiceIndex find(String name) {
    return byName.get(name);
  }

  ServiceIndex service(int id) {
    return byId[id];
  }

  List<ServiceIndex> services() {
    return List.of(byId);
  }

  private synchronized ServiceIndex create(String name) {
    ServiceIndex s = byName.get(name);
    if (s == null) {
      s = new ServiceIndex(byId.length, name, bucketMicros);
      ServiceIndex[] grown = Arrays.copyOf(byId, byId.length + 1);
      grown[s.id] = s;
      byId = grown; // publish the id before the name, so any id handed out resolves
      byName.put(name, s);
    }
    return s;
  }
}
