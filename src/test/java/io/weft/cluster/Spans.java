package io.weft.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

/** Zipkin JSON v2 spans for the cluster tests: a parent in one service calling a child in another. */
final class Spans {
  private Spans() {}

  static String newTraceId() {
    return String.format("%016x%016x", ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
  }

  static String spanId() {
    return String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  static JsonObject span(String traceId, String id, String parent, String service, String name) {
    JsonObject s = new JsonObject().put("traceId", traceId).put("id", id).put("name", name)
        .put("timestamp", System.currentTimeMillis() * 1000 - 5_000).put("duration", 1500).put("kind", "SERVER")
        .put("localEndpoint", new JsonObject().put("serviceName", service));
    return parent == null ? s : s.put("parentId", parent);
  }

  static String json(JsonObject... spans) {
    return new JsonArray(java.util.List.of((Object[]) spans)).encode();
  }
}
