package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Services and operations, from the small service indices (one document per service, operation
 * and kind): terms aggregations over every such index kept. Jaeger's service documents carry no
 * kind, so in Jaeger's layout operations have kind "" and a kind asked for is ignored, as Jaeger's
 * own reader does.
 */
final class NameQueries {
  /** As Jaeger's es.max-doc-count: the most names one answer lists. */
  static final int MAX_NAMES = 10_000;

  private final Searches searches;
  private final IndexNames names;

  private final boolean jaeger;

  NameQueries(Searches searches, IndexNames names, boolean jaeger) {
    this.searches = searches;
    this.names = names;
    this.jaeger = jaeger;
  }

  Future<List<String>> services() {
    JsonObject body = new JsonObject().put("size", 0).put("aggs", new JsonObject().put("services",
        new JsonObject().put("terms", new JsonObject().put("field", "serviceName").put("size", MAX_NAMES))));
    return searches.search(names.pattern(IndexNames.SERVICE), body).map(res -> {
      TreeSet<String> out = new TreeSet<>();
      for (JsonNode b : res.path("aggregations").path("services").path("buckets")) {
        out.add(b.path("key").asText());
      }
      return List.copyOf(out);
    });
  }

  Future<List<Operation>> operations(String service, String kind) {
    JsonArray filters = new JsonArray().add(Json.term("serviceName", service));
    if (kind != null && !kind.isEmpty() && !jaeger) {
      filters.add(Json.term("spanKind", kind));
    }
    JsonObject operations = new JsonObject()
        .put("terms", new JsonObject().put("field", "operationName").put("size", MAX_NAMES));
    if (!jaeger) {
      operations.put("aggs", new JsonObject().put("kinds", new JsonObject().put("terms", new JsonObject()
          .put("field", "spanKind").put("size", 10).put("missing", ""))));
    }
    JsonObject body = new JsonObject().put("size", 0).put("query", Json.filter(filters))
        .put("aggs", new JsonObject().put("operations", operations));
    return searches.search(names.pattern(IndexNames.SERVICE), body).map(res -> {
      List<Operation> out = new ArrayList<>();
      for (JsonNode op : res.path("aggregations").path("operations").path("buckets")) {
        if (jaeger) {
          out.add(new Operation(op.path("key").asText(), ""));
        }
        for (JsonNode k : op.path("kinds").path("buckets")) {
          out.add(new Operation(op.path("key").asText(), k.path("key").asText()));
        }
      }
      out.sort(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
      return out;
    });
  }
}
