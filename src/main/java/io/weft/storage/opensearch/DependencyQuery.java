package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.DependencyLink;
import io.weft.storage.DependencyLinker;
import java.util.List;

/**
 * Calls between services of the traces that started in [end - lookback, end], summed over the
 * links documents the collectors wrote ({@link DependencyDocs}). Weft's own documents (one per trace
 * and link) are summed by an aggregation; Jaeger's (a list of links per document, from Jaeger's
 * Spark job or from Weft) are read, up to {@link #MAX_JAEGER_DOCS} of them as Jaeger's own reader
 * does, and summed here.
 */
final class DependencyQuery {
  static final int MAX_BUCKETS = 10_000;
  static final int MAX_JAEGER_DOCS = 10_000;

  private final Searches searches;
  private final IndexNames names;
  private final boolean jaeger;

  DependencyQuery(Searches searches, IndexNames names, boolean jaeger) {
    this.searches = searches;
    this.names = names;
    this.jaeger = jaeger;
  }

  Future<List<DependencyLink>> run(long endMicros, long lookbackMicros) {
    if (lookbackMicros < 0) {
      return Future.succeededFuture(List.of());
    }
    long from = endMicros - lookbackMicros;
    if (from > endMicros) {
      from = 0; // the subtraction overflowed: look back to the beginning
    }
    String indices = names.covering(IndexNames.DEPENDENCIES, Math.max(1, from), endMicros);
    return jaeger ? jaegerDocs(indices, from, endMicros) : aggregate(indices, from, endMicros);
  }

  private Future<List<DependencyLink>> aggregate(String indices, long from, long end) {
    JsonObject sum = new JsonObject().put("calls", new JsonObject().put("sum", new JsonObject().put("field", "callCount")));
    JsonObject children = new JsonObject().put("children", new JsonObject()
        .put("terms", new JsonObject().put("field", "child").put("size", MAX_BUCKETS)).put("aggs", sum));
    JsonObject body = new JsonObject().put("size", 0)
        .put("query", Json.filter(new JsonArray().add(Json.range("startTime", from, end))))
        .put("aggs", new JsonObject().put("parents", new JsonObject()
            .put("terms", new JsonObject().put("field", "parent").put("size", MAX_BUCKETS)).put("aggs", children)));
    return searches.search(indices, body).map(res -> {
      DependencyLinker links = new DependencyLinker();
      for (JsonNode p : res.path("aggregations").path("parents").path("buckets")) {
        for (JsonNode c : p.path("children").path("buckets")) {
          long calls = Math.round(c.path("calls").path("value").asDouble());
          if (calls > 0) {
            links.add(p.path("key").asText(), c.path("key").asText(), calls);
          }
        }
      }
      return links.links();
    });
  }

  private Future<List<DependencyLink>> jaegerDocs(String indices, long from, long end) {
    JsonObject range = new JsonObject().put("range", new JsonObject().put("timestamp", new JsonObject()
        .put("gte", Math.floorDiv(from, 1000)).put("lte", Math.floorDiv(end, 1000)).put("format", "epoch_millis")));
    JsonObject body = new JsonObject().put("size", MAX_JAEGER_DOCS).put("query", range);
    return searches.search(indices, body).map(res -> {
      DependencyLinker links = new DependencyLinker();
      for (JsonNode hit : res.path("hits").path("hits")) {
        for (JsonNode l : hit.path("_source").path("dependencies")) {
          long calls = l.path("callCount").asLong();
          if (calls > 0) {
            links.add(l.path("parent").asText(), l.path("child").asText(), calls);
          }
        }
      }
      return links.links();
    });
  }
}
