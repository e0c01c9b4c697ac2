package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.storage.cold.S3TestServer;
import io.weft.testing.Wait;
import io.weft.testing.ZipkinJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Tenancy with the cold tier on a real S3 API (s3proxy): two tenants write the same trace ids with services
 * of their own; once older than cold.after, the compactor hands each tenant's traces to blocks under the
 * tenant's prefix. A second node over the same bucket, with an empty hot store, then answers every read from the
 * cold tier: each tenant sees its own spans of a trace id, its own services, and finds nothing of the other's.
 */
class TenancyColdTest {
  private static final String A = "team-a";
  private static final String B = "Team_B";

  @Test
  void eachTenantReadsItsOwnTracesBackFromTheColdTier() throws Exception {
    S3TestServer s3 = S3TestServer.shared();
    String prefix = "tenancy-cold-" + UUID.randomUUID() + "/";
    Map<String, String> options = new HashMap<>(s3.options(prefix));
    options.putAll(Map.of("tenancy.enabled", "true", "tenancy.tenants", A + "," + B, "span-metrics.enabled", "false",
        "cold.after", "20s", "cold.block-window", "10s", "cold.compaction-window", "1m", "cold.handoff.lookback", "2h",
        "cold.poll-interval", "1s"));
    // The same trace ids for both tenants, starting now: after what the handoff has passed (else they would
    // stay hot only, as late spans), and due for it once older than cold.after.
    List<String> ids = List.of(ZipkinJson.newTraceId(), ZipkinJson.newTraceId(), ZipkinJson.newTraceId());
    String onlyA = ZipkinJson.newTraceId();
    long start = System.currentTimeMillis() * 1000;
    try (TestNode writer = TestNode.start(options)) {
      for (String id : ids) {
        post(writer, A, trace(id, start, "svc-a", 2));
        post(writer, B, trace(id, start, "svc-b", 3));
      }
      post(writer, A, trace(onlyA, start, "svc-a", 1));
      Wait.until("both tenants' traces handed off", 120, () -> {
        JsonObject tenants = io.weft.testing.Http.json(writer.admin, "/health").getJsonObject("cold").getJsonObject("tenants");
        return tenants.getJsonObject(A).getLong("spans") == 7 && tenants.getJsonObject(B).getLong("spans") == 9;
      });
    }

    // The objects: each tenant's blocks under its own prefix (Team_B's name made lower case, with its CRC-32).
    Vertx vertx = Vertx.vertx();
    try {
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("tenancy-cold-test", 2);
      List<String> keys = Wait.await(s3.objects(workers).list(prefix));
      CRC32 crc = new CRC32();
      crc.update(B.getBytes(StandardCharsets.UTF_8));
      String prefixB = prefix + "tenants/team_b-" + String.format("%08x", crc.getValue()) + "/";
      assertTrue(keys.stream().anyMatch(k -> k.startsWith(prefix + "tenants/team-a/blocks/") && k.endsWith("/meta.json")), keys.toString());
      assertTrue(keys.stream().anyMatch(k -> k.startsWith(prefixB + "blocks/") && k.endsWith("/meta.json")), keys.toString());
      assertTrue(keys.contains(prefix + "tenants/team-a/handoff.json") && keys.contains(prefixB + "handoff.json"),
          keys.toString());
      assertTrue(keys.stream().allMatch(k -> k.startsWith(prefix + "tenants/")), "nothing outside the tenants: " + keys);
    } finally {
      Wait.await(vertx.close());
    }

    // A node whose hot store is empty: what it answers comes from the cold tier.
    try (TestNode reader = TestNode.start(options)) {
      Wait.until("the tenants' blocks listed", 30, () -> {
        JsonObject tenants = io.weft.testing.Http.json(reader.admin, "/health").getJsonObject("cold").getJsonObject("tenants");
        return tenants.getJsonObject(A).getLong("spans") == 7 && tenants.getJsonObject(B).getLong("spans") == 9;
      });
      assertEquals(0, reader.metric("weft_tenant_stored_spans"), "nothing in the hot stores");
      for (String[] own : new String[][] {{A, "svc-a", "svc-b", "2"}, {B, "svc-b", "svc-a", "3"}}) {
        String tenant = own[0];
        for (String id : ids) {
          JsonArray spans = TenantHttp.json(tenant, reader.query, "/api/traces/" + id).getJsonArray("data")
              .getJsonObject(0).getJsonArray("spans");
          assertEquals(Integer.parseInt(own[3]), spans.size(), tenant + " " + id + ": " + spans.encode());
          assertEquals(Set.of(own[1]), services(TenantHttp.json(tenant, reader.query, "/api/traces/" + id)));
        }
        JsonArray services = TenantHttp.json(tenant, reader.query, "/api/services").getJsonArray("data");
        assertTrue(services.contains(own[1]), tenant + ": " + services);
        assertFalse(services.contains(own[2]), tenant + ": " + services);
        JsonArray mine = TenantHttp.json(tenant, reader.query, "/api/traces?service=" + own[1] + "&lookback=1h&limit=20")
            .getJsonArray("data");
        assertEquals(tenant.equals(A) ? 4 : 3, mine.size(), tenant + " finds its own traces: " + mine.encode());
        JsonArray theirs = TenantHttp.json(tenant, reader.query, "/api/traces?service=" + own[2] + "&lookback=1h")
            .getJsonArray("data");
        assertTrue(theirs.isEmpty(), tenant + " finds none of the other's: " + theirs.encode());
      }
      assertEquals(200, TenantHttp.get(A, reader.query, "/api/traces/" + onlyA).statusCode());
      assertEquals(404, TenantHttp.get(B, reader.query, "/api/traces/" + onlyA).statusCode(), "not " + B + "'s");
    }
  }

  /** A root span of {@code service} and {@code n - 1} children, starting at {@code startMicros}. */
  private static String trace(String id, long startMicros, String service, int n) {
    List<JsonObject> spans = new ArrayList<>();
    String root = ZipkinJson.spanId();
    spans.add(ZipkinJson.span(id, root, null, service, "root").put("timestamp", startMicros));
    for (int i = 1; i < n; i++) {
      spans.add(ZipkinJson.span(id, ZipkinJson.spanId(), root, service, "child-" + i).put("timestamp", startMicros + i));
    }
    return ZipkinJson.json(spans.toArray(JsonObject[]::new));
  }

  private static void post(TestNode node, String tenant, String body) throws Exception {
    assertEquals(202, TenantHttp.post(tenant, node.zipkin, "/api/v2/spans", "application/json",
        body.getBytes(StandardCharsets.UTF_8)).statusCode());
  }

  /** The services of a trace answer's processes. */
  private static Set<String> services(JsonObject answer) {
    Set<String> out = new TreeSet<>();
    JsonObject processes = answer.getJsonArray("data").getJsonObject(0).getJsonObject("processes");
    processes.forEach(e -> out.add(((JsonObject) e.getValue()).getString("serviceName")));
    return out;
  }
}
