package io.weft.storage.memory;

import io.weft.model.Operation;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One service: its shared name, its operations, and its traces by start time. */
final class ServiceIndex {
  final int id;
  final String name;
  final Set<Operation> operations = ConcurrentHashMap.newKeySet();
  final TimeIndex traces;

  ServiceIndex(int id, String name, long bucketMicros) {
    this.id = id;
    this.name = name;
    this.traces = new TimeIndex(bucketMicros);
  }
}
