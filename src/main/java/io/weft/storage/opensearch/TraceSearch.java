package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceFilter;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One trace search. Each round asks OpenSearch for the span documents matching every condition
 * ({@link SpanFilters}), newest first and collapsed on the trace id, so one hit per trace: the
 * candidates, most recent first. Their whole traces are read ({@link TraceFetch}) and checked with
 * {@link SpanMatcher}, which has the last word (the trace's own start within the range, a tag
 * value too long to be indexed). The next round continues below the last candidate's start, until
 * {@code limit} traces matched, no candidates are left, or {@link #MAX_EXAMINED} traces were read.
 * The answer is most recent (by trace start) first. A scan ({@link #scan}) tests each trace with its
 * filter too, and reads up to its budget instead.
 *
 * <p>Known limit, as with Cassandra: a trace is found through the start of its matching spans, so
 * a trace that started inside the range but whose matching spans all started after its end is missed.
 */
final class TraceSearch {
  static final int MAX_EXAMINED = 2000;

  private final Searches searches;
  private final TraceFetch fetch;
  private final IndexNames names;
  private final TraceQuery q;
  private final SpanMatcher matcher;
  private final JsonArray filters;
  private final TraceFilter scanFilter;
  private final int maxExamined;
  private boolean budgetHit;
  private int rounds;
  private final Set<String> seen = new LinkedHashSet<>();
  private final List<List<Span>> found = new ArrayList<>();

  TraceSearch(Searches searches, TraceFetch fetch, IndexNames names, SpanFilters spanFilters, TraceQuery q) {
    this(searches, fetch, names, spanFilters, q, null, MAX_EXAMINED);
  }

  /** A scan: candidates by {@code q}, each trace tested by {@code filter} as well, at most {@code budget} read. */
  TraceSearch(Searches searches, TraceFetch fetch, IndexNames names, SpanFilters spanFilters, TraceQuery q,
      TraceFilter filter, int budget) {
    this.scanFilter = filter;
    this.maxExamined = budget;
    this.searches = searches;
    this.fetch = fetch;
    this.names = names;
    this.q = q;
    this.matcher = new SpanMatcher(q);
    this.filters = spanFilters.of(q);
  }

  Future<List<List<Span>>> run() {
    if (q.startTimeMaxMicros() > 0 && q.startTimeMinMicros() > q.startTimeMaxMicros()) {
      return Future.succeededFuture(List.of());
    }
    return round(null).map(v -> {
      found.sort(Comparator.comparingLong((List<Span> t) -> SpanMatcher.traceStart(t)).reversed());
      return found.size() > q.limit() ? List.copyOf(found.subList(0, q.limit())) : found;
    });
  }

  /** The scan's answer, saying when it stopped at its budget with candidates left. */
  Future<ScanResult> scan() {
    return run().map(traces -> new ScanResult(traces, seen.size(), budgetHit ? "read " + maxExamined
        + " candidate traces (the scan budget) and stopped; older traces were not tested" : null));
  }

  /** Candidates starting at or before {@code below} (µs; null for the first round), not seen yet. */
  private Future<Void> round(Long below) {
    // Rounds grow: a filter the index cannot answer (tested per trace) reads many candidates, and
    // each round is two requests, so a scan of its whole budget takes a few rounds, not a hundred.
    int size = Math.min(maxExamined - seen.size(), Math.max(rounds == 0 ? 20 : Math.min(1000, 20 << rounds),
        (q.limit() - found.size()) * 2));
    rounds++;
    JsonArray f = filters.copy();
    if (below != null) {
      f.add(Json.range(SpanFilters.START, null, below));
    }
    JsonObject query = Json.filter(f);
    if (!seen.isEmpty()) {
      query.getJsonObject("bool").put("must_not", new JsonArray().add(Json.terms(SpanFilters.TRACE_ID, seen)));
    }
    JsonObject body = new JsonObject()
        .put("size", size)
        .put("_source", false)
        .put("track_total_hits", false)
        .put("query", query)
        .put("collapse", new JsonObject().put("field", SpanFilters.TRACE_ID))
        .put("sort", new JsonArray().add(Json.sort(SpanFilters.START, "desc")));
    String indices = names.covering(IndexNames.SPAN, q.startTimeMinMicros(), q.startTimeMaxMicros());
    return searches.search(indices, body).compose(res -> {
      JsonNode hits = res.path("hits").path("hits");
      List<TraceId> candidates = new ArrayList<>();
      long last = Long.MAX_VALUE;
      for (JsonNode h : hits) {
        String id = h.path("fields").path(SpanFilters.TRACE_ID).path(0).asText();
        if (seen.add(id)) {
          candidates.add(TraceId.fromHex(id));
        }
        last = Math.min(last, h.path("sort").path(0).asLong());
      }
      if (candidates.isEmpty()) {
        return Future.succeededFuture();
      }
      boolean more = hits.size() == size;
      long next = last;
      return examine(candidates).compose(v -> {
        if (found.size() >= q.limit() || !more) {
          return Future.succeededFuture();
        }
        if (seen.size() >= maxExamined) {
          budgetHit = true;
          return Future.succeededFuture();
        }
        return round(next);
      });
    });
  }

  /** Reads the candidates' traces (a period either side of the range: traces cross index boundaries) and checks them. */
  private Future<Void> examine(List<TraceId> candidates) {
    long period = names.periodMicros();
    String indices = names.covering(IndexNames.SPAN,
        q.startTimeMinMicros() > 0 ? q.startTimeMinMicros() - period : 0,
        q.startTimeMaxMicros() > 0 ? q.startTimeMaxMicros() + period : 0);
    return fetch.traces(indices, candidates).map(traces -> {
      for (TraceId id : candidates) {
        List<Span> t = traces.get(id);
        if (t != null && matcher.matchesTrace(t) && (scanFilter == null || scanFilter.test(t))) {
          found.add(t);
        }
      }
      return null;
    });
  }
}
