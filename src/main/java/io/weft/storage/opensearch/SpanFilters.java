package io.weft.storage.opensearch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.TraceId;
import io.weft.storage.TraceQuery;
import java.util.Map;

/**
 * The conditions of a trace search as OpenSearch filters on span documents, every one optional
 * (no service is one filter less). A span document matches when it has the service, operation,
 * a duration within bounds, a start within the time range, and every tag; {@link
 * io.weft.storage.SpanMatcher} still checks each trace found, so a filter may match more than it
 * should but never less.
 *
 * <p>Tags: Weft's documents are matched on their {@code tagKV} keywords ("key=value", the text a
 * search compares, over span tags as Jaeger shows them, process tags and log fields), one term per
 * tag; Jaeger's on the nested {@code tags}, {@code process.tags} and {@code logs.fields} (key and
 * value in the same nested document) or the tags-as-fields maps, as Jaeger's own reader does but
 * with exact terms where Jaeger takes the value as a regular expression. A value too long to be
 * indexed is left to the check.
 */
final class SpanFilters {
  static final String SERVICE = "process.serviceName";
  static final String OPERATION = "operationName";
  static final String START = "startTime";
  static final String START_MILLIS = "startTimeMillis";
  static final String DURATION = "duration";
  static final String TRACE_ID = "traceID";

  private final boolean jaeger;

  SpanFilters(boolean jaeger) {
    this.jaeger = jaeger;
  }

  /** The filters of a search; the time range also on the date field, which lets shards skip. */
  JsonArray of(TraceQuery q) {
    JsonArray f = new JsonArray();
    if (!isBlank(q.service())) {
      f.add(Json.term(SERVICE, q.service()));
    }
    if (!isBlank(q.operation())) {
      f.add(Json.term(OPERATION, q.operation()));
    }
    if (q.durationMinMicros() != 0 || q.durationMaxMicros() != 0) {
      f.add(Json.range(DURATION, q.durationMinMicros() != 0 ? q.durationMinMicros() : null,
          q.durationMaxMicros() != 0 ? q.durationMaxMicros() : null));
    }
    Long min = q.startTimeMinMicros() > 0 ? q.startTimeMinMicros() : null;
    Long max = q.startTimeMaxMicros() > 0 ? q.startTimeMaxMicros() : null;
    if (min != null || max != null) {
      f.add(Json.range(START_MILLIS, min == null ? null : Math.floorDiv(min, 1000), max == null ? null : Math.floorDiv(max, 1000)));
      f.add(Json.range(START, min, max));
    }
    for (Map.Entry<String, String> t : q.tags().entrySet()) {
      JsonObject tag = tag(t.getKey(), t.getValue());
      if (tag != null) {
        f.add(tag);
      }
    }
    return f;
  }

  /** The query for one tag condition, or null when its value is too long to have been indexed. */
  JsonObject tag(String key, String value) {
    if (!jaeger) {
      String kv = SpanDocWriter.kv(key, value);
      return kv.length() > SpanDocWriter.MAX_TAG_KV ? null : Json.term("tagKV", kv);
    }
    if (value.length() > 256) {
      return null;
    }
    String field = key.replace(".", "@");
    return Json.should(
        nestedKeyValue("tags", key, value),
        nestedKeyValue("process.tags", key, value),
        nestedKeyValue("logs.fields", key, value),
        Json.term("tag." + field, value),
        Json.term("process.tag." + field, value));
  }

  private static JsonObject nestedKeyValue(String path, String key, String value) {
    return Json.nested(path, Json.filter(new JsonArray()
        .add(Json.term(path + ".key", key)).add(Json.term(path + ".value", value))));
  }

  /**
   * The trace's spans. Jaeger before 1.16 wrote ids without leading zeros; its layout also looks
   * for that form, as Jaeger's reader does.
   */
  JsonObject traceId(TraceId id) {
    String hex = id.toHex();
    if (!jaeger || hex.charAt(0) != '0') {
      return Json.term(TRACE_ID, hex);
    }
    String legacy = id.high() == 0 ? Long.toHexString(id.low()) : Long.toHexString(id.high()) + hex.substring(16);
    return Json.should(Json.term(TRACE_ID, hex), Json.term(TRACE_ID, legacy));
  }

  static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }
}
