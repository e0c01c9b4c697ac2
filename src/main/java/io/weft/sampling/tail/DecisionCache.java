package io.weft.sampling.tail;

import java.util.LinkedHashSet;

/** The (tenant, trace id)s of the last {@code size} traces decided one way, oldest forgotten first (0: none kept). */
final class DecisionCache {
  private final LinkedHashSet<TailSampler.Key> ids = new LinkedHashSet<>();
  private int size;

  DecisionCache(int size) {
    this.size = size;
  }

  void resize(int size) {
    this.size = size;
    trim();
  }

  void add(TailSampler.Key id) {
    if (size > 0 && ids.add(id)) {
      trim();
    }
  }

  boolean contains(TailSampler.Key id) {
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
