package io.weft.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Lookups in a trace of the Jaeger JSON API, for assertions. */
public final class TraceJson {
  private TraceJson() {}

  public static JsonObject span(JsonObject trace, String operation) {
    for (Object o : trace.getJsonArray("spans")) {
      JsonObject s = (JsonObject) o;
      if (s.getString("operationName").equals(operation)) {
        return s;
      }
    }
    throw new AssertionError("no span '" + operation + "' in " + trace.encodePrettily());
  }

  /** The tag object {key, type, value} or null. */
  public static JsonObject tag(JsonArray tags, String key) {
    for (Object o : tags) {
      JsonObject t = (JsonObject) o;
      if (t.getString("key").equals(key)) {
        return t;
      }
    }
    return null;
  }

  public static Object tagValue(JsonArray tags, String key) {
    JsonObject t = tag(tags, key);
    if (t == null) {
      throw new AssertionError("no tag '" + key + "' in " + tags.encode());
    }
    return t.getValue("value");
  }

  public static String tagType(JsonArray tags, String key) {
    JsonObject t = tag(tags, key);
    if (t == null) {
      throw new AssertionError("no tag '" + key + "' in " + tags.encode());
    }
    return t.getString("type");
  }

  public static JsonObject process(JsonObject trace, JsonObject span) {
    return trace.getJsonObject("processes").getJsonObject(span.getString("processID"));
  }

  public static String serviceOf(JsonObject trace, JsonObject span) {
    return process(trace, span).getString("serviceName");
  }
}
