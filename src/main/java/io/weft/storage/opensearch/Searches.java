package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.weft.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs a search over some indices; indices that do not exist (a day with no spans) are skipped.
 * Turning a large answer into spans is CPU work, so above {@link #INLINE_BYTES} it runs on a
 * worker thread, never on the event loop.
 */
final class Searches {
  static final int INLINE_BYTES = 256 * 1024;

  private final Vertx vertx;
  private final OpenSearchHttp http;

  Searches(Vertx vertx, OpenSearchHttp http) {
    this.vertx = vertx;
    this.http = http;
  }

  /** The answer's body, failing on an error status. */
  Future<Buffer> raw(String indices, JsonObject body) {
    String path = "/" + indices + "/_search?ignore_unavailable=true&allow_no_indices=true";
    return http.send(HttpMethod.POST, path, body.toBuffer(), "application/json").map(r -> {
      if (!r.ok()) {
        throw OpenSearchException.of(r.status(), r.json(), "search of " + indices);
      }
      return r.body();
    });
  }

  Future<JsonNode> search(String indices, JsonObject body) {
    return raw(indices, body).compose(b -> decode(b.length(), () -> OpenSearchHttp.JSON.readTree(b.getBytes())));
  }

  /** The spans of the hits, and the sort values of the last hit (for the next page). */
  record SpanPage(List<Span> spans, int hits, JsonNode lastSort, long total) {}

  Future<SpanPage> spans(String indices, JsonObject body) {
    return raw(indices, body).compose(b -> decode(b.length(), () -> {
      JsonNode hits = OpenSearchHttp.JSON.readTree(b.getBytes()).path("hits");
      List<Span> spans = new ArrayList<>(hits.path("hits").size());
      JsonNode last = null;
      for (JsonNode h : hits.path("hits")) {
        spans.add(SpanDocReader.read(h.path("_source")));
        last = h.path("sort");
      }
      return new SpanPage(spans, hits.path("hits").size(), last, hits.path("total").path("value").asLong(-1));
    }));
  }

  private <T> Future<T> decode(int bytes, Callable<T> work) {
    if (bytes <= INLINE_BYTES) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(work, false);
  }
}
