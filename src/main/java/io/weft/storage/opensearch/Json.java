package io.weft.storage.opensearch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/** Small builders for the query DSL, so each query class reads like the JSON it sends. */
final class Json {
  private Json() {}

  static JsonObject term(String field, Object value) {
    return new JsonObject().put("term", new JsonObject().put(field, value));
  }

  static JsonObject terms(String field, Collection<String> values) {
    return new JsonObject().put("terms", new JsonObject().put(field, new JsonArray(new java.util.ArrayList<>(values))));
  }

  /** A range with either end left open when null. */
  static JsonObject range(String field, Long gte, Long lte) {
    JsonObject r = new JsonObject();
    if (gte != null) {
      r.put("gte", gte);
    }
    if (lte != null) {
      r.put("lte", lte);
    }
    return new JsonObject().put("range", new JsonObject().put(field, r));
  }

  static JsonObject filter(JsonArray filters) {
    return new JsonObject().put("bool", new JsonObject().put("filter", filters));
  }

  static JsonObject should(JsonObject... queries) {
    JsonArray a = new JsonArray();
    for (JsonObject q : queries) {
      a.add(q);
    }
    return new JsonObject().put("bool", new JsonObject().put("should", a).put("minimum_should_match", 1));
  }

  static JsonObject nested(String path, JsonObject query) {
    return new JsonObject().put("nested", new JsonObject().put("path", path).put("query", query));
  }

  static JsonObject sort(String field, String order) {
    return new JsonObject().put(field, new JsonObject().put("order", order));
  }
}
