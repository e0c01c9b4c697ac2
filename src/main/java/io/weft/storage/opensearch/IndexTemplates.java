package io.weft.storage.opensearch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The composable index templates (OpenSearch 1+, Elasticsearch 7.8+) of the span, service and
 * dependency indices, created at start or printed by {@code weft schema}. Every mapping is
 * {@code dynamic: false}: a field the template does not name stays in the document but is never
 * mapped, so a tag that is a number in one span and text in another can never make a span fail.
 * Tag values are keywords (a number or boolean is indexed as its text) with a {@code number}
 * sub-field that takes only real numbers, for range queries.
 *
 * <p>Jaeger's layout gets Jaeger's own mappings (jaeger-span, jaeger-service, jaeger-dependencies),
 * so indices Weft creates are the ones Jaeger would have created.
 */
final class IndexTemplates {
  private final OpenSearchSettings s;
  private final IndexNames names;

  IndexTemplates(OpenSearchSettings s) {
    this.s = s;
    this.names = s.indexNames();
  }

  /** Template name → body, in the order they are applied. */
  Map<String, JsonObject> all() {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    out.put(name(IndexNames.SPAN), template(IndexNames.SPAN, s.jaegerCompat() ? jaegerSpanMappings() : spanMappings()));
    out.put(name(IndexNames.SERVICE), template(IndexNames.SERVICE,
        s.jaegerCompat() ? jaegerServiceMappings() : serviceMappings()));
    out.put(name(IndexNames.DEPENDENCIES), template(IndexNames.DEPENDENCIES,
        s.jaegerCompat() ? new JsonObject() : dependencyMappings()));
    out.put(name(IndexNames.METRICS), template(IndexNames.METRICS, metricsMappings()));
    return out;
  }

  /** The template's name: the index name without its date, as Jaeger names its own. */
  String name(String kind) {
    String base = names.base(kind);
    return base.substring(0, base.length() - 1);
  }

  private JsonObject template(String kind, JsonObject mappings) {
    JsonObject settings = new JsonObject()
        .put("index.number_of_shards", s.shards())
        .put("index.number_of_replicas", s.replicas());
    if (!s.refreshInterval().isEmpty()) {
      settings.put("index.refresh_interval", s.refreshInterval());
    }
    return new JsonObject()
        .put("index_patterns", new JsonArray().add(names.pattern(kind)))
        .put("template", new JsonObject().put("settings", settings).put("mappings", mappings));
  }

  private JsonObject spanMappings() {
    JsonObject p = new JsonObject()
        .put("traceID", keyword())
        .put("spanID", keyword())
        .put("operationName", keyword())
        .put("flags", new JsonObject().put("type", "integer"))
        .put("references", new JsonObject().put("properties", new JsonObject()
            .put("refType", keyword()).put("traceID", keyword()).put("spanID", keyword())
            .put("tags", notIndexed()))) // a link's attributes: kept, not searched (as SpanMatcher)
        .put("startTime", type("long"))
        .put("startTimeMillis", new JsonObject().put("type", "date").put("format", "epoch_millis"))
        .put("duration", type("long"))
        .put("tags", keyValues())
        .put("logs", s.nestedTags()
            ? new JsonObject().put("type", "nested").put("dynamic", false).put("properties", new JsonObject()
                .put("timestamp", type("long")).put("fields", keyValues()))
            : notIndexed())
        .put("process", new JsonObject().put("properties", new JsonObject()
            .put("serviceName", keyword()).put("tags", keyValues())))
        .put("kind", keyword())
        .put("status", new JsonObject().put("properties", new JsonObject()
            .put("code", keyword()).put("message", keyword())))
        .put("warnings", new JsonObject().put("type", "keyword").put("index", false).put("doc_values", false))
        .put("tagKV", keyword());
    return new JsonObject().put("dynamic", false).put("properties", p);
  }

  /** Key/value lists: nested so a key and its value match together, or kept unindexed in the document. */
  private JsonObject keyValues() {
    if (!s.nestedTags()) {
      return notIndexed();
    }
    return new JsonObject().put("type", "nested").put("dynamic", false).put("properties", new JsonObject()
        .put("key", keyword())
        .put("type", keyword())
        .put("value", keyword().put("fields", new JsonObject().put("number", new JsonObject()
            .put("type", "double").put("coerce", false).put("ignore_malformed", true)))));
  }

  private JsonObject serviceMappings() {
    return new JsonObject().put("dynamic", false).put("properties", new JsonObject()
        .put("serviceName", keyword())
        .put("operationName", keyword())
        .put("spanKind", keyword()));
  }

  /** Jaeger's jaeger-service mapping. */
  private static JsonObject jaegerServiceMappings() {
    return new JsonObject()
        .put("dynamic_templates", new JsonArray()
            .add(tagsAsFields("span_tags_map", "tag.*")).add(tagsAsFields("process_tags_map", "process.tag.*")))
        .put("properties", new JsonObject().put("serviceName", keyword()).put("operationName", keyword()));
  }

  private static JsonObject dependencyMappings() {
    return new JsonObject().put("dynamic", false).put("properties", new JsonObject()
        .put("timestamp", new JsonObject().put("type", "date").put("format", "epoch_millis"))
        .put("startTime", type("long"))
        .put("traceID", keyword())
        .put("links", new JsonObject().put("type", "keyword").put("ignore_above", 8191)) // parent␟child␟calls
        .put("dependencies", new JsonObject().put("type", "object").put("enabled", false)));
  }

  /** Span metrics: one document per flush, bucket and service; the encoded cells kept, not indexed. */
  private static JsonObject metricsMappings() {
    return new JsonObject().put("dynamic", false).put("properties", new JsonObject()
        .put("type", keyword())
        .put("service", keyword())
        .put("writer", keyword())
        .put("ts", type("long"))
        .put("seq", type("long"))
        .put("cells", new JsonObject().put("type", "binary")));
  }

  /** Jaeger's jaeger-span mapping (Jaeger 1.x/2.x, Elasticsearch 7+ and OpenSearch). */
  private static JsonObject jaegerSpanMappings() {
    JsonObject kv = new JsonObject().put("type", "nested").put("dynamic", false).put("properties", new JsonObject()
        .put("key", keyword()).put("value", keyword()).put("type", keyword()));
    JsonArray dynamicTemplates = new JsonArray()
        .add(tagsAsFields("span_tags_map", "tag.*"))
        .add(tagsAsFields("process_tags_map", "process.tag.*"));
    JsonObject p = new JsonObject()
        .put("traceID", keyword())
        .put("parentSpanID", keyword())
        .put("spanID", keyword())
        .put("operationName", keyword())
        .put("startTime", type("long"))
        .put("startTimeMillis", new JsonObject().put("type", "date").put("format", "epoch_millis"))
        .put("duration", type("long"))
        .put("flags", type("integer"))
        .put("logs", new JsonObject().put("type", "nested").put("dynamic", false).put("properties", new JsonObject()
            .put("timestamp", type("long")).put("fields", kv.copy())))
        .put("process", new JsonObject().put("properties", new JsonObject()
            .put("serviceName", keyword()).put("tag", type("object")).put("tags", kv.copy())))
        .put("references", new JsonObject().put("type", "nested").put("dynamic", false).put("properties",
            new JsonObject().put("refType", keyword()).put("traceID", keyword()).put("spanID", keyword())))
        .put("tag", type("object"))
        .put("tags", kv.copy());
    return new JsonObject().put("dynamic_templates", dynamicTemplates).put("properties", p);
  }

  private static JsonObject tagsAsFields(String name, String path) {
    return new JsonObject().put(name, new JsonObject()
        .put("mapping", keyword())
        .put("path_match", path));
  }

  private static JsonObject keyword() {
    return new JsonObject().put("type", "keyword").put("ignore_above", 256);
  }

  private static JsonObject type(String t) {
    return new JsonObject().put("type", t);
  }

  private static JsonObject notIndexed() {
    return new JsonObject().put("type", "object").put("enabled", false);
  }
}
