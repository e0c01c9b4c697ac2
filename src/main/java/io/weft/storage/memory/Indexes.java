package io.weft.storage.memory;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The search indexes: every trace newest first, and per service the same. Services get small ids
 * so a span records its service in an int; they are never removed (like Jaeger's memory store).
 */
final class Indexes {
  final ConcurrentSkipListMap<IndexKey, TraceEntry> all =
      new ConcurrentSkipListMap<>(IndexKey.NEWEST_FIRST);
  private final ConcurrentHashMap<String, ServiceIndex> byName = new ConcurrentHashMap<>();
  private volatile ServiceIndex[] byId = new ServiceIndex[0];

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

  void put(IndexKey key, TraceEntry trace, int[] serviceIds) {
    all.put(key, trace);
    for (int id : serviceIds) {
      byId[id].traces.put(key, trace);
    }
  }

  void put(IndexKey key, TraceEntry trace, int serviceId) {
    byId[serviceId].traces.put(key, trace);
  }

  void remove(IndexKey key, int[] serviceIds) {
    all.remove(key);
    for (int id : serviceIds) {
      byId[id].traces.remove(key);
    }
  }

  private synchronized ServiceIndex create(String name) {
    ServiceIndex s = byName.get(name);
    if (s == null) {
      s = new ServiceIndex(byId.length, name);
      ServiceIndex[] grown = Arrays.copyOf(byId, byId.length + 1);
      grown[s.id] = s;
      byId = grown; // publish the id before the name, so any id handed out resolves
      byName.put(name, s);
    }
    return s;
  }
}
