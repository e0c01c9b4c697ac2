package io.weft.storage.cassandra;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which service and operation names this node wrote lately, so that each is written about once
 * per refresh interval instead of with every span; rewriting it renews its TTL while spans keep
 * coming. A name is remembered only once its write succeeded. Keys: a service's name, or a value
 * object naming an operation (a record, so equal names are equal keys). Bounded: cleared when full.
 */
final class NameCache {
  private static final int MAX_ENTRIES = 100_000;

  private final long refreshMillis;
  private final ConcurrentHashMap<Object, Long> writtenAt = new ConcurrentHashMap<>();

  NameCache(long refreshMillis) {
    this.refreshMillis = refreshMillis;
  }

  boolean needsWrite(Object key, long nowMillis) {
    Long at = writtenAt.get(key);
    return at == null || nowMillis - at >= refreshMillis;
  }

  void written(Object key, long nowMillis) {
    if (writtenAt.size() >= MAX_ENTRIES) {
      writtenAt.clear(); // costs one extra write per name, never a lost one
    }
    writtenAt.put(key, nowMillis);
  }
}
