package io.weft.storage.memory;

import io.weft.model.Span;
import io.weft.storage.DependencyLinker;

/**
 * A {@link TraceEntry}'s three longs per span, enough for dedupe and dependency links without decoding:
 * span id, parent span id, and ({@link #key} &lt;&lt; 32 | {@link #SERVER_BIT} if a server span | service id).
 * Static over the entry's array, so a trace costs no object more than the array.
 */
final class SpanInfo {
  /** Longs per span. */
  static final int WIDTH = 3;
  /** Marks a server-kind span; the dependency linker needs it for Zipkin's shared span ids. */
  private static final long SERVER_BIT = 1L << 31;
  private static final long SERVICE_MASK = SERVER_BIT - 1;

  private SpanInfo() {}

  /**
   * A cheap digest of a span for dedupe: equal spans have equal keys, and spans sharing an id (Zipkin's
   * client and server halves, pieces of one span) mostly differ in it. Made of fields read without
   * hashing lists; the strings' hashes are cached and computed for the indexes anyway. A key match is
   * only a candidate: the span is then compared whole.
   */
  static int key(Span s) {
    long h = s.startTimeMicros() * 0x9E3779B97F4A7C15L;
    h = (h ^ s.durationMicros()) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ s.parentSpanId()) * 0x165667B19E3779F9L;
    h ^= (long) s.kind().ordinal() << 4 | (long) s.statusCode().ordinal() << 8 | (long) s.flags() << 16;
    h = (h ^ ((long) s.tags().size() << 32 | s.logs().size() << 16 | s.references().size())) * 0x9E3779B97F4A7C15L;
    h ^= (s.operationName() == null ? 0 : s.operationName().hashCode())
        + 31L * (s.serviceName() == null ? 0 : s.serviceName().hashCode());
    return (int) (h ^ h >>> 32);
  }

  /** Whether one of the first {@code count} spans has this id and {@link #key} (maybe a re-write). */
  static boolean holds(long[] info, int count, long spanId, int hash) {
    for (int i = 0; i < count; i++) {
      if (info[WIDTH * i] == spanId && (int) (info[WIDTH * i + 2] >>> 32) == hash) {
        return true;
      }
    }
    return false;
  }

  /** Sets span {@code index}; the array has room for it. */
  static void put(long[] info, int index, long spanId, long parentId, int hash, int serviceId, boolean server) {
    int at = WIDTH * index;
    info[at] = spanId;
    info[at + 1] = parentId;
    info[at + 2] = (long) hash << 32 | (server ? SERVER_BIT : 0) | (serviceId & SERVICE_MASK);
  }

  /** Adds the service calls of the first {@code n} spans to the linker. */
  static void addLinks(long[] info, int n, DependencyLinker linker, Indexes indexes) {
    long[] ids = new long[n];
    long[] parents = new long[n];
    String[] services = new String[n];
    boolean[] server = new boolean[n];
    for (int i = 0; i < n; i++) {
      ids[i] = info[WIDTH * i];
      parents[i] = info[WIDTH * i + 1];
      services[i] = indexes.service((int) (info[WIDTH * i + 2] & SERVICE_MASK)).name;
      server[i] = (info[WIDTH * i + 2] & SERVER_BIT) != 0;
    }
    linker.addTrace(n, ids, parents, services, server);
  }
}
