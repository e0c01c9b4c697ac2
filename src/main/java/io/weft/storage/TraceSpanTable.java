package io.weft.storage;

import io.weft.model.DependencyLink;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a trace's dependency links are computed from, kept per trace by stores that link traces across
 * several writes: each span's id, parent, service and kind (not the span), and the trace's start.
 */
public final class TraceSpanTable {
  private long[] ids = new long[4];
  private long[] parents = new long[4];
  private String[] services = new String[4];
  private boolean[] server = new boolean[4];
  private int n;
  private long start = Long.MAX_VALUE;

  /** Adds the span unless the same span was seen before; whether it was new. */
  public boolean add(Span s) {
    if (holds(s)) {
      return false;
    }
    append(s);
    return true;
  }

  /** Whether the same span was seen before: same id, kind and service (Zipkin's shared ids differ in the last two). */
  public boolean holds(Span s) {
    boolean isServer = s.kind() == SpanKind.SERVER;
    for (int i = 0; i < n; i++) {
      if (ids[i] == s.spanId() && server[i] == isServer && Objects.equals(services[i], s.serviceName())) {
        return true;
      }
    }
    return false;
  }

  public int size() {
    return n;
  }

  /** The earliest span start seen (µs). */
  public long start() {
    return start;
  }

  /** The trace's calls between services, from every span seen. */
  public List<DependencyLink> links() {
    return new DependencyLinker().addTrace(n, ids, parents, services, server).links();
  }

  private void append(Span s) {
    if (n == ids.length) {
      int cap = n * 2;
      ids = Arrays.copyOf(ids, cap);
      parents = Arrays.copyOf(parents, cap);
      services = Arrays.copyOf(services, cap);
      server = Arrays.copyOf(server, cap);
    }
    ids[n] = s.spanId();
    parents[n] = s.parentSpanId();
    services[n] = s.serviceName();
    server[n] = s.kind() == SpanKind.SERVER;
    start = Math.min(start, s.startTimeMicros());
    n++;
  }
}
