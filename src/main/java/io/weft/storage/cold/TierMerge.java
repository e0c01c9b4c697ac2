package io.weft.storage.cold;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanMatcher;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceFilter;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@link TieredSpanReader} makes one answer of two tiers' finds: whole traces, tested again, newest first. */
final class TierMerge {
  private TierMerge() {}

  /** Each trace found in one tier with its spans from the other (its parts merged). */
  static Future<List<List<Span>>> complete(SpanReader hot, SpanReader cold, List<List<Span>> hotFound,
      List<List<Span>> coldFound, boolean coldUp) {
    Map<TraceId, List<List<Span>>> parts = new LinkedHashMap<>();
    for (List<List<Span>> tier : List.of(hotFound, coldFound)) {
      for (List<Span> t : tier) {
        parts.computeIfAbsent(t.get(0).traceId(), k -> new ArrayList<>()).add(t);
      }
    }
    List<Future<List<Span>>> others = new ArrayList<>();
    for (List<Span> t : hotFound) {
      others.add(coldUp ? cold.getTrace(t.get(0).traceId()) : Future.succeededFuture(List.of()));
    }
    for (List<Span> t : coldFound) {
      others.add(hot.getTrace(t.get(0).traceId()));
      // Its cold parts may lie in several blocks (not compacted yet), and the search kept only those that matched.
      others.add(cold.getTrace(t.get(0).traceId()));
    }
    return Future.join(others).transform(ar -> {
      for (Future<List<Span>> f : others) {
        if (f.succeeded() && !f.result().isEmpty()) {
          parts.get(f.result().get(0).traceId()).add(f.result());
        }
      }
      List<List<Span>> whole = new ArrayList<>();
      parts.values().forEach(p -> whole.add(Spans.merge(p)));
      return Future.succeededFuture(whole);
    });
  }

  /** The traces that match {@code query} (and {@code filter}, when given) whole, newest first, at most its limit. */
  static List<List<Span>> limit(List<List<Span>> traces, TraceQuery query, TraceFilter filter) {
    SpanMatcher matcher = new SpanMatcher(query);
    List<List<Span>> out = new ArrayList<>();
    for (List<Span> t : traces) {
      if (matcher.matchesTrace(t) && (filter == null || filter.test(t))) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparingLong((List<Span> t) -> SpanMatcher.traceStart(t)).reversed()
        .thenComparing(t -> t.get(0).traceId()));
    return out.size() > query.limit() ? new ArrayList<>(out.subList(0, query.limit())) : out;
  }
}
