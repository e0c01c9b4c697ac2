package io.weft.storage.cold;

import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Merging the parts of traces read from several places: a span stored twice (the same span, field by field) counts once. */
final class Spans {
  private Spans() {}

  /** The distinct spans of all parts. */
  static List<Span> merge(Collection<List<Span>> parts) {
    LinkedHashSet<Span> all = new LinkedHashSet<>();
    for (List<Span> p : parts) {
      all.addAll(p);
    }
    return new ArrayList<>(all);
  }

  /** Traces by id, the parts of each merged. */
  static Map<TraceId, List<Span>> byTrace(Collection<List<Span>> parts) {
    Map<TraceId, LinkedHashSet<Span>> by = new LinkedHashMap<>();
    for (List<Span> p : parts) {
      for (Span s : p) {
        by.computeIfAbsent(s.traceId(), k -> new LinkedHashSet<>()).add(s);
      }
    }
    Map<TraceId, List<Span>> out = new LinkedHashMap<>();
    by.forEach((id, spans) -> out.put(id, new ArrayList<>(spans)));
    return out;
  }
}
