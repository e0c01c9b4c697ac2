package io.weft.query.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Names keep their case (issue 13, item 6): "GET /checkout" from "Checkout-API" sent as Zipkin JSON
 * is listed and found by the Jaeger API as named, while Zipkin's API answers in Zipkin's lowercase.
 * And where Zipkin's API is served: the Zipkin port of a node with the query role, the query port
 * of any query node.
 */
class ZipkinNamesAndRolesTest {

  /**
   * JSON v2 as OpenTelemetry's Zipkin exporters for Go, Python and JavaScript (and the Collector's)
   * send it, names as the application gave them, and the same as proto3. (The Java exporter builds
   * zipkin2's model, which lowercases before sending: nothing a server can undo.)
   */
  @Test
  void namesKeepTheirCase() throws Exception {
    try (TestNode node = TestNode.start()) {
      long ts = System.currentTimeMillis() * 1000 - 5_000_000;
      String json = """
          [{"traceId":"5b8efff798038103d269b633813fc60c","id":"eee19b7ec3c1b174","name":"GET /checkout",
            "kind":"SERVER","timestamp":%d,"duration":1200,"localEndpoint":{"serviceName":"Checkout-API"},
            "tags":{"http.method":"GET"}},
           {"traceId":"5b8efff798038103d269b633813fc60c","parentId":"eee19b7ec3c1b174","id":"eee19b7ec3c1b175",
            "name":"Charge Card","kind":"CLIENT","timestamp":%d,"duration":800,"localEndpoint":{"serviceName":"Checkout-API"},
            "remoteEndpoint":{"serviceName":"Payment-DB"}}]""".formatted(ts, ts + 100);
      assertEquals(202, node.post(node.zipkin, "/api/v2/spans", "application/json",
          json.getBytes(StandardCharsets.UTF_8)).statusCode());
      String trace = "5b8efff798038103d269b633813fc60c";
      Wait.forValue("the trace", 20, () -> node.traceWith(trace, 2));

      JsonArray services = node.query("/api/services").getJsonArray("data");
      assertTrue(services.contains("Checkout-API"), services.encode());
      JsonArray ops = node.query("/api/services/Checkout-API/operations").getJsonArray("data");
      assertTrue(ops.contains("GET /checkout") && ops.contains("Charge Card"), ops.encode());
      JsonArray found = node.query("/api/traces?service=Checkout-API&operation=" + enc("GET /checkout")
          + "&lookback=1h").getJsonArray("data");
      assertEquals(1, found.size(), "the search for the name as the user typed it finds the trace");
      assertEquals(trace, found.getJsonObject(0).getString("traceID"));
      assertTrue(found.getJsonObject(0).getJsonArray("spans").encode().contains("\"value\":\"Payment-DB\""),
          "peer.service as sent");

      // Zipkin's own API speaks Zipkin's lowercase model, and lowercases what it is asked, as Zipkin does.
      assertEquals("[\"checkout-api\"]", node.get(node.zipkin, "/api/v2/services").body());
      String byName = node.get(node.zipkin, "/api/v2/traces?serviceName=Checkout-API&spanName="
          + enc("GET /Checkout") + "&lookback=3600000").body();
      assertTrue(byName.startsWith("[[{\"traceId\":\"" + trace + "\"") && byName.contains("\"name\":\"get /checkout\""),
          byName);
    }
  }

  @Test
  void servedWhereTheQueryRoleRuns() throws Exception {
    try (TestNode collector = TestNode.start(Map.of("roles", "collector"))) {
      HttpResponse<String> r = collector.get(collector.zipkin, "/api/v2/services");
      assertEquals(404, r.statusCode());
      assertEquals(ZipkinApi.NOT_HERE, r.body());
      assertEquals(404, collector.get(collector.zipkin, "/zipkin/api/v2/services").statusCode());
      assertEquals(202, collector.post(collector.zipkin, "/api/v2/spans", "application/json",
          "[{\"traceId\":\"1\",\"id\":\"2\",\"name\":\"Op\",\"localEndpoint\":{\"serviceName\":\"Svc\"}}]"
              .getBytes(StandardCharsets.UTF_8)).statusCode(), "the collector still takes spans");
    }
    try (TestNode query = TestNode.start(Map.of("roles", "query"))) {
      HttpResponse<String> r = query.get(query.query, "/zipkin/api/v2/services");
      assertEquals(200, r.statusCode());
      assertEquals("[]", r.body());
      assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
      HttpResponse<String> config = query.get(query.query, "/zipkin/config.json");
      assertEquals(10, new JsonObject(config.body()).getInteger("queryLimit"));
      HttpResponse<String> noLens = query.get(query.query, "/zipkin/");
      assertEquals(404, noLens.statusCode());
      assertTrue(noLens.body().contains("query.zipkin.lens"), noLens.body());
      assertEquals(404, query.get(query.query, "/zipkin/api/v2/nope").statusCode());
      assertEquals(404, query.get(query.query, "/api/v2/services").statusCode(), "not at the root of the query port");
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
