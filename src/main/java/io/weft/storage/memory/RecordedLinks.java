package io.weft.storage.memory;

import io.weft.model.DependencyLink;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.DependencyLinker;
import io.weft.storage.TraceSpanTable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

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
      if (t.table.start() >= from && t.table.start() <= to) {
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
    final TraceSpanTable table = new TraceSpanTable();
    List<DependencyLink> links = List.of();

    void add(List<Span> in) {
      boolean fresh = false;
      for (Span s : in) {
        fresh |= table.add(s);
      }
      if (fresh) {
        links = table.links();
      }
    }
  }
}
