package io.weft.spanmetrics;

import java.util.function.BiConsumer;

/**
 * Cells by bucket start since the last flush: almost always one or two buckets, so a short array
 * searched in order beats a map (no boxing per span). Guarded by its owner.
 */
final class Pending<T> {
  private long[] starts = new long[2];
  private Object[] cells = new Object[2];
  private int size;

  @SuppressWarnings("unchecked")
  T get(long start) {
    for (int i = size - 1; i >= 0; i--) {
      if (starts[i] == start) {
        return (T) cells[i];
      }
    }
    return null;
  }

  void put(long start, T cell) {
    if (size == starts.length) {
      starts = java.util.Arrays.copyOf(starts, size * 2);
      cells = java.util.Arrays.copyOf(cells, size * 2);
    }
    starts[size] = start;
    cells[size++] = cell;
  }

  boolean isEmpty() {
    return size == 0;
  }

  @SuppressWarnings("unchecked")
  void drain(BiConsumer<Long, T> to) {
    for (int i = 0; i < size; i++) {
      to.accept(starts[i], (T) cells[i]);
      cells[i] = null;
    }
    size = 0;
    if (starts.length > 8) { // a burst of late spans grew it: give the memory back
      starts = new long[2];
      cells = new Object[2];
    }
  }
}
