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
 * dependency documents the collectors wrote ({@link BulkActions#links}, one per trace). In Weft's
 * layout a terms aggregation over their {@code links} keywords does the sum; Jaeger's documents (from
 * Jaeger's Spark job, or Weft's in that layout) are read, up to {@link #MAX_JAEGER_DOCS} as Jaeger's
 * own reader does, and summed here.
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

  /** Buckets of "parent␟child␟calls" keys: each counts the traces with that many calls on that link. */
  private Future<List<DependencyLink>> aggregate(String indices, long from, long end) {
    JsonObject body = new JsonObject().put("size", 0)
        .put("query", Json.filter(new JsonArray().add(Json.range("startTime", from, end))))
        .put("aggs", new JsonObject().put("links", new JsonObject()
            .put("terms", new JsonObject().put("field", "links").put("size", MAX_BUCKETS))));
    return searches.search(indices, body).map(res -> {
      DependencyLinker links = new DependencyLinker();
      for (JsonNode b : res.path("aggregations").path("links").path("buckets")) {
        String[] key = b.path("key").asText().split(String.valueOf(BulkActions.LINK_SEPARATOR), -1);
        if (key.length == 3) {
          links.add(key[0], key[1], Long.parseLong(key[2]) * b.path("doc_count").asLong());
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
