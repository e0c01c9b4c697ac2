package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weft.testing.Http;
import io.weft.testing.OtlpJson;
import io.weft.testing.Wait;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One all-in-one node with a cold tier in a local folder: its compactor hands traces older than
 * cold.after off to blocks, and once the small in-memory store has evicted them, the query API still
 * answers them by id and by search, from the cold tier; /health and /metrics show the tier.
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

    JsonObject cold = Http.json(node.admin, "/health").getJsonObject("cold");
    assertEquals(true, cold.getBoolean("reachable"));
    assertTrue(cold.getInteger("blocks") >= 1);
    assertTrue(node.metric("weft_cold_spans_handed_off_total") >= 90);
    assertEquals(0.0, node.metric("weft_cold_handoff_lag_seconds"));
  }
}
