package io.weft.storage.opensearch;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Puts the index templates ({@link IndexTemplates}) at start. Weft's own are written every time,
 * so a changed option (shards, replicas) applies to the next indices. In Jaeger's layout a template
 * Jaeger itself created (either API) is left as it is: the indices are Jaeger's.
 */
final class TemplateInstaller {
  private final OpenSearchHttp http;
  private final OpenSearchSettings s;
  private final ServerInfo server;

  TemplateInstaller(OpenSearchHttp http, OpenSearchSettings s, ServerInfo server) {
    this.http = http;
    this.s = s;
    this.server = server;
  }

  Future<Void> apply() {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, JsonObject> t : new IndexTemplates(s).all().entrySet()) {
      chain = chain.compose(v -> s.jaegerCompat()
          ? exists(t.getKey()).compose(there -> there ? Future.succeededFuture() : put(t.getKey(), t.getValue()))
          : put(t.getKey(), t.getValue()));
    }
    return chain;
  }

  private Future<Boolean> exists(String name) {
    return http.send(HttpMethod.GET, "/_index_template/" + name, null, null)
        .compose(r -> r.ok() ? Future.succeededFuture(true)
            : http.send(HttpMethod.GET, "/_template/" + name, null, null).map(OpenSearchHttp.Response::ok));
  }

  private Future<Void> put(String name, JsonObject template) {
    if (server.composableTemplates()) {
      return http.json(HttpMethod.PUT, "/_index_template/" + name, template).mapEmpty();
    }
    return http.json(HttpMethod.PUT, "/_template/" + name, legacy(template)).mapEmpty();
  }

  /** A composable template as a legacy one: settings and mappings at the top. */
  static JsonObject legacy(JsonObject template) {
    JsonObject inner = template.getJsonObject("template");
    return new JsonObject()
        .put("index_patterns", template.getJsonArray("index_patterns"))
        .put("settings", inner.getJsonObject("settings"))
        .put("mappings", inner.getJsonObject("mappings"));
  }
}
