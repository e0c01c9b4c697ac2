package io.weft.storage.cassandra;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceFilter;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The last step of a {@link TraceSearch}: fetches candidate traces, a few more than still needed at a time,
 * in parallel, and keeps those {@link SpanMatcher} (and the scan's filter) accept, until the query's limit
 * or {@code maxExamined} traces fetched. Each candidate is fetched once per search.
 */
final class CandidateCheck {
  private final TraceFetch fetch;
  private final TraceQuery q;
  private final SpanMatcher matcher;
  /** A trace filter every candidate must pass too (a TraceQL scan), or null. */
  private final TraceFilter filter;
  private final int maxExamined;
  private final Set<TraceId> examined = new HashSet<>();
  private final List<List<Span>> found = new ArrayList<>();
  /** Set when the search stopped at {@code maxExamined} with candidates left. */
  private boolean budgetHit;

  CandidateCheck(TraceFetch fetch, TraceQuery q, TraceFilter filter, int maxExamined) {
    this.fetch = fetch;
    this.q = q;
    this.matcher = new SpanMatcher(q);
    this.filter = filter;
    this.maxExamined = maxExamined;
  }

  /** Whether to stop: enough found, or the budget spent (with work left, as every caller asks only then). */
  boolean done() {
    if (found.size() >= q.limit()) {
      return true;
    }
    if (examined.size() >= maxExamined) {
      budgetHit = true;
      return true;
    }
    return false;
  }

  /** Fetches and checks the candidates not examined yet, in order. */
  Future<Void> examine(List<TraceId> candidates) {
    List<TraceId> fresh = new ArrayList<>();
    for (TraceId id : candidates) {
      if (!examined.contains(id)) {
        fresh.add(id);
      }
    }
    return examineFrom(fresh, 0);
  }

  private Future<Void> examineFrom(List<TraceId> ids, int from) {
    if (from >= ids.size() || done()) {
      return Future.succeededFuture();
    }
    int chunk = Math.min(64, Math.max(8, q.limit() - found.size()));
    int to = Math.min(ids.size(), Math.min(from + chunk, from + maxExamined - examined.size()));
    List<Future<List<Span>>> traces = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      examined.add(ids.get(i));
      traces.add(fetch.trace(ids.get(i)));
    }
    return Future.all(traces).compose(cf -> {
      for (int i = 0; i < traces.size(); i++) {
        List<Span> spans = cf.resultAt(i);
        if (matcher.matchesTrace(spans) && (filter == null || filter.test(spans))) {
          found.add(spans);
        }
      }
      return examineFrom(ids, to);
    });
  }

  /** The traces found, most recent (by trace start) first, at most the query's limit. */
  List<List<Span>> found() {
    found.sort(Comparator.comparingLong((List<Span> t) -> SpanMatcher.traceStart(t)).reversed());
    return found.size() > q.limit() ? List.copyOf(found.subList(0, q.limit())) : found;
  }

  int examined() {
    return examined.size();
  }

  boolean budgetHit() {
    return budgetHit;
  }
}
