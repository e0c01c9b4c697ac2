package io.weft.traceql;

import io.weft.storage.TraceQuery;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one span must have, in the terms stores index: a service, an operation, tags by their text
 * ({@link io.weft.model.Tag#valueAsString}), duration bounds in microseconds (0: none). Immutable.
 */
public record SpanConditions(String service, String operation, Map<String, String> tags, long minDurationMicros,
    long maxDurationMicros) {
  static final SpanConditions NONE = new SpanConditions(null, null, Map.of(), 0, 0);

  public SpanConditions {
    tags = Map.copyOf(tags);
  }

  /** Both sets of conditions on one span (the first one's service, operation or tag value where they differ). */
  SpanConditions and(SpanConditions o) {
    Map<String, String> t = new LinkedHashMap<>(o.tags);
    t.putAll(tags);
    return new SpanConditions(service != null ? service : o.service, operation != null ? operation : o.operation, t,
        Math.max(minDurationMicros, o.minDurationMicros), tighterMax(maxDurationMicros, o.maxDurationMicros));
  }

  /** What either set requires: the conditions they share. */
  SpanConditions or(SpanConditions o) {
    Map<String, String> t = new LinkedHashMap<>();
    tags.forEach((k, v) -> {
      if (v.equals(o.tags.get(k))) {
        t.put(k, v);
      }
    });
    return new SpanConditions(same(service, o.service), same(operation, o.operation), t,
        Math.min(minDurationMicros, o.minDurationMicros),
        maxDurationMicros == 0 || o.maxDurationMicros == 0 ? 0 : Math.max(maxDurationMicros, o.maxDurationMicros));
  }

  public boolean isEmpty() {
    return service == null && operation == null && tags.isEmpty() && minDurationMicros == 0 && maxDurationMicros == 0;
  }

  /** How much a store can narrow with these: a service or operation, then tags, then durations. */
  int weight() {
    return (service != null ? 4 : 0) + (operation != null ? 3 : 0) + 3 * tags.size()
        + (minDurationMicros != 0 || maxDurationMicros != 0 ? 1 : 0);
  }

  /** A store search for traces with such a span, started within [startMin, startMax] (microseconds). */
  public TraceQuery toTraceQuery(long startMinMicros, long startMaxMicros, int limit) {
    return new TraceQuery(service, operation, tags, startMinMicros, startMaxMicros, minDurationMicros,
        maxDurationMicros, limit);
  }

  private static long tighterMax(long a, long b) {
    if (a == 0) {
      return b;
    }
    return b == 0 ? a : Math.min(a, b);
  }

  private static String same(String a, String b) {
    return a != null && a.equals(b) ? a : null;
  }
}
