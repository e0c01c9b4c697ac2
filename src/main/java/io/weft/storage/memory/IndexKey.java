package io.weft.storage.memory;

import io.weft.model.TraceId;
import java.util.Comparator;

/**
 * A trace's position in a search index: newest start first, ties by trace id. Skip lists need
 * stable keys, so a trace whose start moves earlier gets a new key rather than a changed one.
 */
record IndexKey(long start, TraceId traceId) {
  static final Comparator<IndexKey> NEWEST_FIRST = (a, b) -> {
    int c = Long.compare(b.start, a.start);
    return c != 0 ? c : a.traceId.compareTo(b.traceId);
  };

  private static final TraceId LOWEST = new TraceId(0, 0);
  private static final TraceId HIGHEST = new TraceId(-1, -1);

  /** Sorts before every key starting at {@code start}. */
  static IndexKey firstAt(long start) {
    return new IndexKey(start, LOWEST);
  }

  /** Sorts after every key starting at {@code start}. */
  static IndexKey lastAt(long start) {
    return new IndexKey(start, HIGHEST);
  }
}
