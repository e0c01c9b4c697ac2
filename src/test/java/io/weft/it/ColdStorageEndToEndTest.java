package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.weft.query.grpc.GrpcProbe;
import io.weft.testing.Http;
import io.weft.testing.OtlpJson;
import io.weft.testing.Wait;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One all-in-one node with a cold tier in a local folder: its compactor hands traces older than
 * cold.after off to blocks, and once the small in-memory store has evicted them, the query API still
 * answers them by id and by search, from the cold tier, on every front (Jaeger's HTTP API, api_v3 over HTTP
 * and gRPC, api_v2 gRPC, Zipkin's API, Tempo's API and TraceQL); /health and /metrics show the tier.
 */
class ColdStorageEndToEndTest {
  @TempDir
  Path dir;
  TestNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void tracesEvictedFromTheHotStoreAreReadFromTheColdTier() throws Exception {
    // Traces move 20 s after they start, in 5 s windows.
    node = TestNode.start(Map.of("cold.type", "local", "cold.local.dir", dir.toString(), "cold.after", "20s",
        "cold.block-window", "5s", "cold.handoff.lookback", "1m", "cold.poll-interval", "1s",
        "memory.max-traces", "50"));
    JsonObject health = Http.json(node.admin, "/health");
    assertTrue(health.getJsonArray("roles").contains("compactor"), "all-in-one with a cold tier compacts: " + health);

    long started = System.currentTimeMillis() * 1_000_000L;
    long run = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      byte[] body = OtlpJson.trace("archive", OtlpJson.traceId(run, i), i, 3, started + i * 1_000_000L);
      assertEquals(200, Http.post(node.otlpHttp, "/v1/traces", "application/json", body).statusCode());
    }
    Wait.until("the old traces are handed off", 60, () ->
        Http.json(node.admin, "/health").getJsonObject("cold").getLong("spans", 0L) == 90);
    // New traces push the old ones out of the 50-trace memory store.
    for (int i = 0; i < 60; i++) {
      byte[] body = OtlpJson.trace("fresh", OtlpJson.traceId(run + 1, i), i, 2);
      assertEquals(200, Http.post(node.otlpHttp, "/v1/traces", "application/json", body).statusCode());
    }
    assertTrue(node.metric("weft_memory_evicted_traces") >= 30, "the old traces left the hot store");

    JsonObject byId = node.query("/api/traces/" + OtlpJson.traceId(run, 7));
    assertEquals(3, byId.getJsonArray("data").getJsonObject(0).getJsonArray("spans").size());
    long startMs = started / 1_000_000 - 60_000;
    JsonObject search = node.query("/api/traces?service=archive&limit=100&start=" + startMs * 1000
        + "&end=" + (startMs + 3_600_000) * 1000);
    assertEquals(30, search.getJsonArray("data").size());
    assertTrue(search.getJsonArray("errors") == null || search.getJsonArray("errors").isEmpty(), search.encode());
    assertTrue(node.query("/api/services").getJsonArray("data").contains("archive"));
    everyOtherFrontReadsTheColdTier(OtlpJson.traceId(run, 7), startMs);

    JsonObject cold = Http.json(node.admin, "/health").getJsonObject("cold");
    assertEquals(true, cold.getBoolean("reachable"));
    assertTrue(cold.getInteger("blocks") >= 1);
    assertTrue(node.metric("weft_cold_spans_handed_off_total") >= 90);
    assertEquals(0.0, node.metric("weft_cold_handoff_lag_seconds"));
  }

  /** The same evicted trace by id, and its service's traces by search, through every other query API. */
  private void everyOtherFrontReadsTheColdTier(String id, long startMs) throws Exception {
    HttpResponse<String> v3 = Http.get(node.query, "/api/v3/traces/" + id);
    assertEquals(200, v3.statusCode(), v3.body());
    assertEquals(3, new JsonObject(v3.body()).getJsonObject("result").getJsonArray("resourceSpans").stream()
        .flatMap(r -> ((JsonObject) r).getJsonArray("scopeSpans").stream())
        .mapToInt(s -> ((JsonObject) s).getJsonArray("spans").size()).sum(), "api_v3 over HTTP");

    HttpResponse<String> zipkin = Http.get(node.query, "/zipkin/api/v2/trace/" + id);
    assertEquals(200, zipkin.statusCode(), zipkin.body());
    assertEquals(3, new JsonArray(zipkin.body()).size(), "Zipkin's API");

    HttpResponse<String> tempo = Http.get(node.query, "/api/v2/traces/" + id);
    assertEquals(200, tempo.statusCode(), tempo.body());
    assertTrue(tempo.body().contains("archive"), "Tempo's trace by id: " + tempo.body());
    String q = URLEncoder.encode("{ resource.service.name = \"archive\" }", StandardCharsets.UTF_8);
    HttpResponse<String> ql = Http.get(node.query, "/api/search?q=" + q + "&limit=100&start=" + startMs / 1000
        + "&end=" + (startMs / 1000 + 3600));
    assertEquals(200, ql.statusCode(), ql.body());
    JsonObject found = new JsonObject(ql.body());
    assertEquals(30, found.getJsonArray("traces").size(), "TraceQL over the cold tier: " + ql.body());
    assertFalse(found.getBoolean("partial", false), ql.body());

    Vertx vertx = Vertx.vertx();
    try {
      GrpcClient grpc = GrpcClient.client(vertx);
      SocketAddress at = SocketAddress.inetSocketAddress(node.queryGrpc, "127.0.0.1");
      var v2 = GrpcProbe.call(grpc, at, io.weft.proto.jaeger.api_v2.QueryServiceGrpcClient.GetTrace,
          io.weft.proto.jaeger.api_v2.GetTraceRequest.newBuilder()
              .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(id))).build());
      assertEquals(GrpcStatus.OK, v2.status(), v2.message());
      assertEquals(3, v2.messages().stream().mapToInt(c -> c.getSpansCount()).sum(), "api_v2 GetTrace (gRPC)");
      var grpcV3 = GrpcProbe.call(grpc, at, io.weft.proto.jaeger.api_v3.QueryServiceGrpcClient.GetTrace,
          io.weft.proto.jaeger.api_v3.GetTraceRequest.newBuilder().setTraceId(id).build());
      assertEquals(GrpcStatus.OK, grpcV3.status(), grpcV3.message());
      assertEquals(3, grpcV3.messages().stream().flatMap(t -> t.getResourceSpansList().stream())
          .flatMap(r -> r.getScopeSpansList().stream()).mapToInt(s -> s.getSpansCount()).sum(), "api_v3 GetTrace (gRPC)");
      Wait.await(grpc.close()); // a use after the calls: unreferenced, Vert.x's cleaner may close it during one
    } finally {
      Wait.await(vertx.close());
    }
  }
}
