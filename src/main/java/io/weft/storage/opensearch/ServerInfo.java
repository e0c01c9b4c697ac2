package io.weft.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * Which server answers, from {@code GET /}: OpenSearch or Elasticsearch, and its version. Both
 * take the same requests from Weft; only Elasticsearch before 7.8 lacks composable index
 * templates and gets legacy ones.
 */
record ServerInfo(boolean openSearch, int major, int minor, String version) {

  static Future<ServerInfo> fetch(OpenSearchHttp http) {
    return http.send(HttpMethod.GET, "/", null, null).compose(r -> {
      if (r.ok()) {
        return Future.succeededFuture(of(r.json()));
      }
      // A server without GET / (Elasticsearch's test distribution lacks the rest-root module): ask the node.
      return http.json(HttpMethod.GET, "/_nodes/_local?filter_path=nodes.*.version,nodes.*.build_flavor", null)
          .map(nodes -> {
            JsonNode node = nodes.path("nodes").elements().hasNext() ? nodes.path("nodes").elements().next() : null;
            if (node == null) {
              throw OpenSearchException.of(r.status(), r.json(), "GET /");
            }
            boolean es = node.has("build_flavor");
            return of(OpenSearchHttp.JSON.createObjectNode().set("version", OpenSearchHttp.JSON.createObjectNode()
                .put("number", node.path("version").asText()).put("distribution", es ? "elasticsearch" : "opensearch")));
          });
    });
  }

  static ServerInfo of(JsonNode root) {
    JsonNode v = root.path("version");
    String number = v.path("number").asText("0.0.0");
    String[] parts = number.split("[.-]");
    int major = parse(parts, 0);
    int minor = parse(parts, 1);
    boolean os = v.path("distribution").asText("").equals("opensearch");
    if (!os && major < 7) {
      throw new IllegalStateException("Elasticsearch " + number + " is not supported: use 7.x or later, or OpenSearch");
    }
    return new ServerInfo(os, major, minor, number);
  }

  boolean composableTemplates() {
    return openSearch || major > 7 || (major == 7 && minor >= 8);
  }

  String name() {
    return (openSearch ? "OpenSearch " : "Elasticsearch ") + version;
  }

  private static int parse(String[] parts, int i) {
    try {
      return i < parts.length ? Integer.parseInt(parts[i]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
