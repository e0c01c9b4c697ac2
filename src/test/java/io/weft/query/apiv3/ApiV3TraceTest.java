package io.weft.query.apiv3;

import static io.weft.testing.CheckoutTraces.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.weft.storage.memory.MemorySpanStore;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** api_v3 over HTTP on the query server: services, operations, a trace by id, errors and unknown paths. */
class ApiV3TraceTest extends ApiV3Fixture {

  @Test
  void servicesAsJaegerWritesThem() throws Exception {
    assertEquals("{\"services\":[\"backend\",\"frontend\"]}", get("/api/v3/services").bodyAsString());
    int empty = deploy(new MemorySpanStore(10));
    HttpResponse<io.vertx.core.buffer.Buffer> r = await(client.get(empty, "127.0.0.1", "/api/v3/services").send());
    assertEquals("{\"services\":[]}", r.bodyAsString(), "an empty list is written: the UI requires the field");
  }

  @Test
  void operationsWithKinds() throws Exception {
    assertEquals("{\"operations\":[{\"name\":\"GET /checkout\",\"spanKind\":\"server\"},"
            + "{\"name\":\"GET /health\",\"spanKind\":\"server\"},{\"name\":\"charge\",\"spanKind\":\"client\"}]}",
        get("/api/v3/operations?service=frontend").bodyAsString());
    assertEquals("{\"operations\":[{\"name\":\"charge\",\"spanKind\":\"client\"}]}",
        get("/api/v3/operations?service=frontend&spanKind=client").bodyAsString());
    assertEquals("{\"operations\":[{\"name\":\"charge\",\"spanKind\":\"client\"}]}",
        get("/api/v3/operations?service=frontend&span_kind=client").bodyAsString(), "older snake_case name");
    assertEquals("{\"operations\":[]}", get("/api/v3/operations?service=nobody").bodyAsString());
  }

  @Test
  void traceByIdAsOtlpJson() throws Exception {
    JsonNode body = getJson("/api/v3/traces/" + TRACE_A_HEX, 200);
    assertEquals(1, body.size());
    JsonNode resourceSpans = body.get("result").get("resourceSpans");
    assertEquals(2, resourceSpans.size(), "one resource per process");
    JsonNode fe = resourceSpans.get(0);
    assertEquals("[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"frontend\"}},"
        + "{\"key\":\"ip\",\"value\":{\"stringValue\":\"10.0.0.1\"}}]", fe.get("resource").get("attributes").toString());
    assertEquals("{}", fe.get("scopeSpans").get(0).get("scope").toString(), "no scope: an empty object, as pdata writes it");
    JsonNode root = fe.get("scopeSpans").get(0).get("spans").get(0);
    assertEquals(TRACE_A_HEX, root.get("traceId").asText());
    assertEquals("0000000000000001", root.get("spanId").asText());
    assertNull(root.get("parentSpanId"), "a root has none");
    assertEquals("GET /checkout", root.get("name").asText());
    assertEquals(2, root.get("kind").asInt(), "SPAN_KIND_SERVER as an integer");
    assertTrue(root.get("startTimeUnixNano").isTextual(), "64-bit numbers are strings");
    assertEquals(String.valueOf(T0 * 1000), root.get("startTimeUnixNano").asText());
    assertEquals(String.valueOf((T0 + 100_000) * 1000), root.get("endTimeUnixNano").asText());
    assertEquals("[{\"key\":\"http.status_code\",\"value\":{\"intValue\":\"200\"}}]", root.get("attributes").toString());
    assertEquals("{}", root.get("status").toString());

    JsonNode server = resourceSpans.get(1).get("scopeSpans").get(0).get("spans").get(0);
    assertEquals("0000000000000003", server.get("spanId").asText(), "adjusted: the shared id was made unique");
    assertEquals("0000000000000002", server.get("parentSpanId").asText());
    assertEquals("{\"message\":\"card declined\",\"code\":2}", server.get("status").toString());
    assertEquals(String.valueOf((T0 + 20_000) * 1000), server.get("startTimeUnixNano").asText(), "clock skew adjusted");
  }

  @Test
  void rawTracesAreAsStored() throws Exception {
    for (String q : List.of("?rawTraces=true", "?raw_traces=1")) {
      JsonNode server = getJson("/api/v3/traces/" + TRACE_A_HEX + q, 200).get("result").get("resourceSpans").get(1)
          .get("scopeSpans").get(0).get("spans").get(0);
      assertEquals("0000000000000002", server.get("spanId").asText(), q);
      assertEquals(String.valueOf((T0 + 1_020_000) * 1000), server.get("startTimeUnixNano").asText(), q);
    }
    JsonNode adjusted = getJson("/api/v3/traces/" + TRACE_A_HEX + "?rawTraces=false", 200);
    assertEquals("0000000000000003", adjusted.get("result").get("resourceSpans").get(1).get("scopeSpans").get(0)
        .get("spans").get(0).get("spanId").asText());
  }

  @Test
  void traceIdsInHexAndBase64() throws Exception {
    byte[] a = new byte[16];
    a[6] = 0x11;
    a[7] = 0x11;
    a[15] = 0x0a;
    byte[] b = new byte[16];
    b[15] = 0x0b;
    List<String> ids = List.of("1111000000000000000a", Base64.getEncoder().encodeToString(a),
        Base64.getUrlEncoder().withoutPadding().encodeToString(a));
    for (String id : ids) {
      JsonNode span = getJson("/api/v3/traces/" + enc(id), 200).get("result").get("resourceSpans").get(0)
          .get("scopeSpans").get(0).get("spans").get(0);
      assertEquals(TRACE_A_HEX, span.get("traceId").asText(), id);
    }
    for (String id : List.of("b", "000000000000000b", "00000000000000000000000000000000b".substring(1),
        Base64.getEncoder().encodeToString(b))) {
      JsonNode span = getJson("/api/v3/traces/" + enc(id), 200).get("result").get("resourceSpans").get(0)
          .get("scopeSpans").get(0).get("spans").get(0);
      assertEquals("0000000000000000000000000000000b", span.get("traceId").asText(), "OTLP ids are always 16 bytes: " + id);
    }
  }

  @Test
  void unknownTraceIs404() throws Exception {
    HttpResponse<Buffer> r = get("/api/v3/traces/00000000000000ff");
    assertEquals("{\"error\":{\"grpcCode\":5,\"httpCode\":404,\"message\":\"No traces found\"}}", r.bodyAsString());
    json(r, 404);
    byte[] id = new byte[16];
    id[0] = (byte) 0xfb;
    id[1] = (byte) 0xff;
    String b64 = Base64.getEncoder().encodeToString(id);
    assertTrue(b64.startsWith("+/8"), b64);
    assertEquals("No traces found", error(getJson("/api/v3/traces/" + enc(b64), 404), 404, 5),
        "standard base64 with '+' and '/' (escaped in the path) is an id");
  }

  @Test
  void badTraceRequestsAre400AndHarmless() throws Exception {
    assertTrue(error(getJson("/api/v3/traces/not-a-trace-id!", 400), 400, 3).startsWith("malformed parameter trace_id"));
    assertTrue(error(getJson("/api/v3/traces/00000000000000000000000000000000", 400), 400, 3).contains("trace_id"));
    assertTrue(error(getJson("/api/v3/traces/" + "a".repeat(33), 400), 400, 3).contains("trace_id"));
    assertTrue(error(getJson("/api/v3/traces/" + TRACE_A_HEX + "?startTime=yesterday", 400), 400, 3)
        .startsWith("malformed parameter startTime: \"yesterday\""));
    assertTrue(error(getJson("/api/v3/traces/" + TRACE_A_HEX + "?end_time=2026-13-01T00:00:00Z", 400), 400, 3)
        .startsWith("malformed parameter end_time"));
    assertTrue(error(getJson("/api/v3/traces/" + TRACE_A_HEX + "?rawTraces=maybe", 400), 400, 3)
        .startsWith("malformed parameter rawTraces"));
    JsonNode ok = getJson("/api/v3/traces/" + TRACE_A_HEX + "?startTime=" + enc(iso(T0 - 1000) .replace("Z", "+00:00"))
        + "&endTime=" + iso(T0 + 10_000_000), 200);
    assertEquals(2, ok.get("result").get("resourceSpans").size(), "valid times are accepted");
    assertEquals("{\"services\":[\"backend\",\"frontend\"]}", get("/api/v3/services").bodyAsString(), "node unharmed");
  }

  @Test
  void unknownPathsAreJson404NeverTheUiPage() throws Exception {
    assertTrue(error(getJson("/api/v3/nope", 404), 404, 5).contains("/api/v3/nope"));
    assertTrue(error(getJson("/api/v3/traces/a/b", 404), 404, 5).contains("/api/v3/traces/a/b"));
    assertTrue(error(json(post("/api/v3/services", "{}"), 405), 405, 12).contains("POST"));
    for (String path : List.of("/api/nope", "/api/quality-metrics", "/api/v2/whatever", "/analytics/v1/dependencies?service=a",
        "/analytics")) {
      JsonNode body = getJson(path, 404);
      assertTrue(body.get("data").isNull(), path);
      assertEquals(404, body.get("errors").get(0).get("code").asInt(), path);
      assertTrue(body.get("errors").get(0).get("msg").asText().startsWith("no such endpoint: /"), path);
    }
    assertEquals("<html>weft ui</html>", get("/search").bodyAsString(), "UI routes still get the page");
    assertEquals("<html>weft ui</html>", get("/apiary").bodyAsString(), "only the /api prefix itself is the API");
  }
}
