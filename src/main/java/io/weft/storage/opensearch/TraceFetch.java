package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads whole traces: every span document with the trace's id in the given indices, a page of
 * {@link #PAGE} at a time in start order (search_after on start time and span id). Several traces
 * are read with one search while they fit one page, each on its own otherwise.
 */
final class TraceFetch {
  static final int PAGE = 10_000;

  private final Searches searches;
  private final SpanFilters filters;

  TraceFetch(Searches searches, SpanFilters filters) {
    this.searches = searches;
    this.filters = filters;
  }

  /** All spans of one trace, unsorted; empty when absent. */
  Future<List<Span>> trace(String indices, TraceId id) {
    return page(indices, filters.traceId(id), null, new ArrayList<>());
  }

  /** The traces' spans by trace id (absent traces are left out). */
  Future<Map<TraceId, List<Span>>> traces(String indices, List<TraceId> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    JsonArray any = new JsonArray();
    for (TraceId id : ids) {
      any.add(filters.traceId(id));
    }
    JsonObject query = new JsonObject().put("bool", new JsonObject().put("should", any).put("minimum_should_match", 1));
    JsonObject body = body(query, null).put("track_total_hits", true);
    return searches.spans(indices, body).compose(p -> {
      if (p.total() <= p.hits()) {
        return Future.succeededFuture(group(ids, p.spans()));
      }
      // Too many spans for one page: each trace on its own, page by page.
      List<Future<List<Span>>> each = new ArrayList<>();
      for (TraceId id : ids) {
        each.add(trace(indices, id));
      }
      return Future.all(each).map(cf -> {
        List<Span> all = new ArrayList<>();
        for (int i = 0; i < each.size(); i++) {
          all.addAll(cf.<List<Span>>resultAt(i));
        }
        return group(ids, all);
      });
    });
  }

  private Future<List<Span>> page(String indices, JsonObject query, JsonNode after, List<Span> acc) {
    return searches.spans(indices, body(query, after)).compose(p -> {
      acc.addAll(p.spans());
      if (p.hits() < PAGE || p.lastSort() == null) {
        return Future.succeededFuture(acc);
      }
      return page(indices, query, p.lastSort(), acc);
    });
  }

  private static JsonObject body(JsonObject query, JsonNode after) {
    JsonObject body = new JsonObject()
        .put("size", PAGE)
        .put("query", query)
        .put("sort", new JsonArray().add(Json.sort(SpanFilters.START, "asc")).add(Json.sort("spanID", "asc")));
    if (after != null) {
      body.put("search_after", new JsonArray(after.toString()));
    }
    return body;
  }

  private static Map<TraceId, List<Span>> group(List<TraceId> ids, List<Span> spans) {
    Map<TraceId, List<Span>> out = new LinkedHashMap<>();
    for (Span s : spans) {
      out.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
    }
    out.keySet().retainAll(ids);
    return out;
  }
}
