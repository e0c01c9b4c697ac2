package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.cluster.TestCluster;
import io.weft.storage.cold.S3TestServer;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tenancy with clustered in-memory storage, two JVMs on 127.0.0.1 each running a collector: two tenants
 * write the same trace ids (with services of their own) through both members, each trace placed on its
 * owner member in that tenant's store there. Reads through either member gather every member's store of the
 * caller's tenant only: each sees its own spans of every trace id, its own services, and finds none of the
 * other's. Once they are older than cold.after, the compactor (on either member) hands each tenant's traces,
 * gathered from both members' stores of that tenant, to the tenant's blocks on a real S3 API (s3proxy),
 * and reads merge them with the hot stores. When one member leaves, it hands each tenant's traces to the
 * other as that tenant's.
 */
class TenancyClusterTest {
  private static final String A = "team-a";
  private static final String B = "team-b";
  private static final int TRACES = 12;

  @Test
  void tenantsStayApartAcrossMembersAndAHandoff() throws Exception {
    try (TestCluster cluster = TestCluster.inBuildDir("tenancy-cluster-test", 2)) {
      List<String> options = new ArrayList<>(List.of("--tenancy.enabled=true", "--tenancy.tenants=" + A + "," + B,
          "--span-metrics.enabled=false", "--cluster.spare-roles=1", "--cold.after=20s", "--cold.block-window=10s",
          "--cold.compaction-window=1m", "--cold.handoff.lookback=2h", "--cold.poll-interval=1s"));
      S3TestServer.shared().options("tenancy-cluster-" + UUID.randomUUID() + "/")
          .forEach((k, v) -> options.add("--" + k + "=" + v));
      String[] tenancy = options.toArray(String[]::new);
      WeftProcess one = cluster.start("one", 0, "collector,query", tenancy);
      WeftProcess two = cluster.start("two", 1, "collector,query", tenancy);
      for (WeftProcess n : List.of(one, two)) {
        Wait.until(n.name + " sees two members running the collector", 30, () -> n.health().getJsonObject("cluster")
            .getInteger("members") == 2 && one.running().contains("collector") && two.running().contains("collector"));
      }
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < TRACES; i++) {
        String id = ZipkinJson.newTraceId();
        ids.add(id);
        WeftProcess via = i % 2 == 0 ? one : two;
        post(via, A, trace(id, "svc-a", 2));
        post(via, B, trace(id, "svc-b", 3));
      }
      // Placement: each tenant's traces on both members, in that tenant's store there.
      for (String t : List.of(A, B)) {
        String label = "tenant=\"" + t + "\"";
        Wait.until(t + "'s traces on both members", 30, () -> one.metric("weft_tenant_stored_traces", label)
            + two.metric("weft_tenant_stored_traces", label) == TRACES);
        assertTrue(one.metric("weft_tenant_stored_traces", label) > 0 && two.metric("weft_tenant_stored_traces", label) > 0,
            t + ": placed on both members");
      }
      assertTrue(one.metric("weft_spans_forwarded_total") + two.metric("weft_spans_forwarded_total") > 0,
          "spans forwarded to their owner");
      // The handoff gathered each tenant's traces from both members: every span in the tenant's blocks once.
      Wait.until("each tenant's traces in its blocks", 120, () -> {
        JsonObject cold = one.health().getJsonObject("cold").getJsonObject("tenants");
        return cold.getJsonObject(A).getLong("spans") == 2 * TRACES && cold.getJsonObject(B).getLong("spans") == 3 * TRACES;
      });

      for (WeftProcess via : List.of(one, two)) {
        readsOwnOnly(via, ids);
      }

      // A graceful leave: two hands each tenant's traces to one, as that tenant's.
      two.stop();
      Wait.until("one alone", 30, () -> one.health().getJsonObject("cluster").getInteger("members") == 1);
      for (String t : List.of(A, B)) {
        assertEquals(TRACES, one.metric("weft_tenant_stored_traces", "tenant=\"" + t + "\""), t + "'s traces all on one");
      }
      readsOwnOnly(one, ids);
    }
  }

  /** Through {@code via}, each tenant reads its own spans of every trace id, its own services, and none of the other's. */
  private static void readsOwnOnly(WeftProcess via, List<String> ids) throws Exception {
    for (String[] own : new String[][] {{A, "svc-a", "svc-b", "2"}, {B, "svc-b", "svc-a", "3"}}) {
      String tenant = own[0];
      for (String id : ids) {
        JsonObject trace = TenantHttp.json(tenant, via.query, "/api/traces/" + id).getJsonArray("data").getJsonObject(0);
        assertEquals(Integer.parseInt(own[3]), trace.getJsonArray("spans").size(), tenant + " via " + via.name + " " + id);
        Set<String> services = new TreeSet<>();
        trace.getJsonObject("processes").forEach(e -> services.add(((JsonObject) e.getValue()).getString("serviceName")));
        assertEquals(Set.of(own[1]), services, tenant + " via " + via.name + " " + id);
      }
      JsonArray services = TenantHttp.json(tenant, via.query, "/api/services").getJsonArray("data");
      assertTrue(services.contains(own[1]), tenant + ": " + services);
      assertFalse(services.contains(own[2]), tenant + ": " + services);
      JsonArray mine = TenantHttp.json(tenant, via.query, "/api/traces?service=" + own[1] + "&lookback=2h&limit=50")
          .getJsonArray("data");
      assertEquals(TRACES, mine.size(), tenant + " via " + via.name + " finds its own traces");
      JsonArray theirs = TenantHttp.json(tenant, via.query, "/api/traces?service=" + own[2] + "&lookback=2h")
          .getJsonArray("data");
      assertTrue(theirs.isEmpty(), tenant + " via " + via.name + " finds none of the other's: " + theirs.encode());
    }
  }

  /**
   * Now: spans must start after what the handoff has passed when they are stored (else they stay hot only,
   * as late spans), and are handed off once older than cold.after.
   */
  private static long start() {
    return System.currentTimeMillis() * 1000;
  }

  private static String trace(String id, String service, int n) {
    List<JsonObject> spans = new ArrayList<>();
    String root = ZipkinJson.spanId();
    spans.add(ZipkinJson.span(id, root, null, service, "root").put("timestamp", start()));
    for (int i = 1; i < n; i++) {
      spans.add(ZipkinJson.span(id, ZipkinJson.spanId(), root, service, "child-" + i).put("timestamp", start() + i));
    }
    return ZipkinJson.json(spans.toArray(JsonObject[]::new));
  }

  private static void post(WeftProcess node, String tenant, String body) throws Exception {
    assertEquals(202, TenantHttp.post(tenant, node.zipkin, "/api/v2/spans", "application/json",
        body.getBytes(StandardCharsets.UTF_8)).statusCode());
  }
}
