package io.weft.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Zipkin JSON v2 request bodies with random ids: a server span of a service, five milliseconds ago. */
public final class ZipkinJson {
  private ZipkinJson() {}

  /** 32 random hex digits. */
  public static String newTraceId() {
    return String.format("%016x%016x", ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
  }

  /** 16 random hex digits. */
  public static String spanId() {
    return String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  /** A span of 1.5 ms; {@code parent} null makes a root. */
  public static JsonObject span(String traceId, String id, String parent, String service, String name) {
    JsonObject s = new JsonObject().put("traceId", traceId).put("id", id).put("name", name)
        .put("timestamp", System.currentTimeMillis() * 1000 - 5_000).put("duration", 1500).put("kind", "SERVER")
        .put("localEndpoint", new JsonObject().put("serviceName", service));
    return parent == null ? s : s.put("parentId", parent);
  }

  /** The request body: a JSON array of the spans. */
  public static String json(JsonObject... spans) {
    return new JsonArray(List.of((Object[]) spans)).encode();
  }
}
