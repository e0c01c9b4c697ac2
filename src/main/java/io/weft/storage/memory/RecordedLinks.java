package io.weft.storage.memory;

import io.weft.model.DependencyLink;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.TraceId;
import io.weft.storage.DependencyLinker;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * The dependency links of traces recorded without their spans ({@link MemorySpanStore#writeLinksOnly}):
 * per trace, the span ids, parents, services and kinds seen (not the spans) and its start, so a trace
 * whose spans come in several calls is linked whole, by the same rules ({@link DependencyLinker}) and
 * in the same lookback window (the trace's earliest span start) as a stored trace. Bounded like the
 * store: at most {@code maxTraces} traces, the first recorded forgotten first. One lock.
 */
final class RecordedLinks {
  private final int maxTraces;
  private final LinkedHashMap<TraceId, Trace> traces = new LinkedHashMap<>();

  RecordedLinks(int maxTraces) {
    this.maxTraces = maxTraces;
  }

  /** Adds spans of one trace. */
  synchronized void add(TraceId id, List<Span> spans) {
    Trace t = traces.get(id);
    if (t == null) {
      t = new Trace();
      traces.put(id, t);
      if (traces.size() > maxTraces) {
        Iterator<Trace> oldest = traces.values().iterator();
        oldest.next();
        oldest.remove();
      }
    }
    t.add(spans);
  }

  /** Adds the calls of the traces starting in [from, to]. */
  synchronized void addTo(DependencyLinker into, long from, long to) {
    for (Trace t : traces.values()) {
      if (t.start >= from && t.start <= to) {
        for (DependencyLink l : t.links) {
          into.add(l.parent(), l.child(), l.callCount());
        }
      }
    }
  }

  synchronized int traceCount() {
    return traces.size();
  }

  private static final class Trace {
    long[] ids = new long[4];
    long[] parents = new long[4];
    String[] services = new String[4];
    boolean[] server = new boolean[4];
    int n;
    long start = Long.MAX_VALUE;
    List<DependencyLink> links = List.of();

    void add(List<Span> spans) {
      boolean fresh = false;
      for (Span s : spans) {
        if (!holds(s)) {
          append(s);
          fresh = true;
        }
      }
      if (fresh) {
        links = new DependencyLinker().addTrace(n, ids, parents, services, server).links();
      }
    }

    /** The same span seen before: same id, kind and service (Zipkin's shared ids differ in the last two). */
    private boolean holds(Span s) {
      boolean isServer = s.kind() == SpanKind.SERVER;
      for (int i = 0; i < n; i++) {
        if (ids[i] == s.spanId() && server[i] == isServer && Objects.equals(services[i], s.serviceName())) {
          return true;
        }
      }
      return false;
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
}
