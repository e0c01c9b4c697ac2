package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids of the traces with a span starting in [from, to), for the cold tier's handoff: a composite
 * aggregation over {@code traceID}, paged by its {@code after_key}, so a window of any size is listed
 * whole and each trace once. A trace whose root started earlier may be listed; the handoff checks starts.
 */
final class TracesStartedIn {
  static final int PAGE = 5_000;

  private final Searches searches;
  private final IndexNames names;

  TracesStartedIn(Searches searches, IndexNames names) {
    this.searches = searches;
    this.names = names;
  }

  Future<List<TraceId>> run(long fromMicros, long toMicros) {
    if (fromMicros >= toMicros) {
      return Future.succeededFuture(List.of());
    }
    String indices = names.covering(IndexNames.SPAN, Math.max(1, fromMicros), toMicros);
    return page(indices, fromMicros, toMicros, null, new ArrayList<>());
  }

  private Future<List<TraceId>> page(String indices, long from, long to, JsonObject after, List<TraceId> out) {
    JsonObject composite = new JsonObject().put("size", PAGE).put("sources", new JsonArray().add(
        new JsonObject().put("id", new JsonObject().put("terms", new JsonObject().put("field", "traceID")))));
    if (after != null) {
      composite.put("after", after);
    }
    JsonObject range = new JsonObject().put("range", new JsonObject().put("startTime",
        new JsonObject().put("gte", from).put("lt", to)));
    JsonObject body = new JsonObject().put("size", 0)
        .put("query", Json.filter(new JsonArray().add(range)))
        .put("aggs", new JsonObject().put("ids", new JsonObject().put("composite", composite)));
    return searches.search(indices, body).compose(res -> {
      JsonNode agg = res.path("aggregations").path("ids");
      int n = 0;
      for (JsonNode b : agg.path("buckets")) {
        out.add(TraceId.fromHex(b.path("key").path("id").asText()));
        n++;
      }
      JsonNode next = agg.path("after_key");
      if (n < PAGE || next.isMissingNode() || next.isNull()) {
        return Future.succeededFuture(out);
      }
      return page(indices, from, to, new JsonObject(next.toString()), out);
    });
  }
}
