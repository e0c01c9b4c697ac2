package io.weft.sampling.tail;

import io.weft.model.TraceId;
import java.util.LinkedHashSet;

/** The ids of the last {@code size} traces decided one way, oldest forgotten first (0: none kept). */
final class DecisionCache {
  private final LinkedHashSet<TraceId> ids = new LinkedHashSet<>();
  private int size;

  DecisionCache(int size) {
    this.size = size;
  }

  void resize(int size) {
    this.size = size;
    trim();
  }

  void add(TraceId id) {
    if (size > 0 && ids.add(id)) {
      trim();
    }
  }

  boolean contains(TraceId id) {
    return ids.contains(id);
  }

  int count() {
    return ids.size();
  }

  private void trim() {
    var it = ids.iterator();
    while (ids.size() > size && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
