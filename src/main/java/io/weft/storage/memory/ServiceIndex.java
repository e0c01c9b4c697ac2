package io.weft.storage.memory;

import io.weft.storage.Operation;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** One service: its shared name, its operations, and its traces newest first. */
final class ServiceIndex {
  final int id;
  final String name;
  final Set<Operation> operations = ConcurrentHashMap.newKeySet();
  final ConcurrentSkipListMap<IndexKey, TraceEntry> traces =
      new ConcurrentSkipListMap<>(IndexKey.NEWEST_FIRST);

  ServiceIndex(int id, String name) {
    this.id = id;
    this.name = name;
  }
}
