package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weft.cluster.TestCluster;
import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tail sampling under tenancy on two clustered collectors (separate JVMs, Cassandra with a keyspace per
 * tenant): each trace's root goes to one collector and its child to the other, for two tenants with the
 * SAME trace ids (team-a's child with an error, team-b's without). Spans reach the trace's owner naming
 * their tenant, so each (tenant, trace) is decided once, whole: every team-a trace is stored whole in
 * team-a's keyspace, team-b reads only its own spans, and no span is handed over without its tenant.
 */
class TenancyTailClusterTest {
  static final int TRACES = 100;
  static final String KEYSPACE = "weft_tenancy_tail";

  @Test
  void spansHandedToTheirOwnerKeepTheirTenant() throws Exception {
    Map<String, String> storage = CassandraTestNode.shared().options(Map.of("span-storage.type", "cassandra",
        "cassandra.keyspace", KEYSPACE, "tenancy.enabled", "true", "tenancy.tenants", "team-a,team-b"));
    // The keyspaces (the node's and one per tenant) are created once here, in this JVM, where a start may take
    // longer than a cluster member's: the members then find them made.
    TestNode.startWithin(storage, 180).close();
    Path policy = TenancyTailSamplingTest.policy();
    TestCluster cluster = TestCluster.inBuildDir("tenancy-tail-cluster", 2);
    List<String> args = new ArrayList<>();
    storage.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--sampling.tail.policy-file=" + policy);
    String[] extra = args.toArray(String[]::new);
    try (cluster; WeftProcess a = cluster.start("collector-a", 0, "collector,query", extra);
        WeftProcess b = cluster.start("collector-b", 1, "collector,query", extra)) {
      Wait.until("both collectors in both plans", 60, () -> members(a) == 2 && members(b) == 2);
      List<String> ids = new ArrayList<>();
      List<TenancyTailSamplingTest.Sent> sentA = new ArrayList<>();
      List<TenancyTailSamplingTest.Sent> sentB = new ArrayList<>();
      for (int i = 0; i < TRACES; i++) {
        ids.add(ZipkinJson.newTraceId());
        sentA.add(new TenancyTailSamplingTest.Sent(ZipkinJson.spanId(), ZipkinJson.spanId()));
        sentB.add(new TenancyTailSamplingTest.Sent(ZipkinJson.spanId(), ZipkinJson.spanId()));
      }
      // Roots to a, children to b: about half of each trace's spans are handed to its owner.
      send(a.zipkin, "team-a", ids, sentA, false, true);
      send(a.zipkin, "team-b", ids, sentB, false, false);
      send(b.zipkin, "team-a", ids, sentA, true, true);
      send(b.zipkin, "team-b", ids, sentB, true, false);
      Wait.until("every trace of both tenants decided once", 60, () -> decided(a, b, "team-a") == TRACES
          && decided(a, b, "team-b") == TRACES);
      double forwarded = a.metric("weft_tail_sampling_forwarded_spans_total", "outcome=\"ok\"")
          + b.metric("weft_tail_sampling_forwarded_spans_total", "outcome=\"ok\"");
      assertTrue(forwarded > 0, "spans went to their trace's owner: " + forwarded);
      assertEquals(TRACES, sampled(a, "team-a") + sampled(b, "team-a"), "every team-a trace kept, whole");
      double keptB = sampled(a, "team-b") + sampled(b, "team-b");
      assertTrue(keptB < TRACES / 4, "team-b's traces are not kept for team-a's errors: " + keptB);
      int readB = 0;
      for (int i = 0; i < TRACES; i++) {
        String id = ids.get(i);
        TenancyTailSamplingTest.Sent s = sentA.get(i);
        JsonObject t = Wait.forValue("team-a's trace " + id + " whole", 30, () -> trace("team-a", a.query, id));
        assertEquals(java.util.Set.of(s.root(), s.child()), TenancyTailSamplingTest.spanIds(t), "team-a's spans only");
        JsonObject other = trace("team-b", b.query, id);
        if (other != null) {
          readB++;
          assertEquals(java.util.Set.of(sentB.get(i).root(), sentB.get(i).child()),
              TenancyTailSamplingTest.spanIds(other), "team-b's spans only");
          assertFalse(other.encode().contains("\"error\""));
        }
      }
      System.out.printf("clustered: %d of %d team-a traces whole; team-b %d kept; %.0f spans handed to owners%n",
          TRACES, TRACES, readB, forwarded);
      assertEquals((int) keptB, readB, "team-b reads exactly the traces kept for it");
    }
  }

  static void send(int port, String tenant, List<String> ids, List<TenancyTailSamplingTest.Sent> sent,
      boolean children, boolean error) throws Exception {
    JsonObject[] spans = new JsonObject[ids.size()];
    for (int i = 0; i < spans.length; i++) {
      TenancyTailSamplingTest.Sent s = sent.get(i);
      spans[i] = children ? ZipkinJson.span(ids.get(i), s.child(), s.root(), "pay", "charge")
          : ZipkinJson.span(ids.get(i), s.root(), null, "front", "GET /checkout");
      if (children && error) {
        spans[i].put("tags", new JsonObject().put("error", "true"));
      }
    }
    HttpResponse<String> r = TenantHttp.post(tenant, port, "/api/v2/spans", "application/json",
        ZipkinJson.json(spans).getBytes(StandardCharsets.UTF_8));
    assertEquals(202, r.statusCode(), r.body());
  }

  /** The tenant's trace with both its spans, else null. */
  static JsonObject trace(String tenant, int port, String id) {
    try {
      HttpResponse<String> r = TenantHttp.get(tenant, port, "/api/traces/" + id);
      if (r.statusCode() != 200) {
        return null;
      }
      JsonObject t = new JsonObject(r.body()).getJsonArray("data").getJsonObject(0);
      return t.getJsonArray("spans").size() >= 2 ? t : null;
    } catch (Exception e) {
      return null;
    }
  }

  static double decided(WeftProcess a, WeftProcess b, String tenant) throws Exception {
    String label = "tenant=\"" + tenant + "\"";
    return a.metric("weft_tail_sampling_traces_total", label) + b.metric("weft_tail_sampling_traces_total", label);
  }

  static double sampled(WeftProcess n, String tenant) throws Exception {
    return n.metric("weft_tail_sampling_traces_total", "decision=\"sampled\",tenant=\"" + tenant + "\"");
  }

  static int members(WeftProcess n) {
    JsonObject h = n.health();
    return h == null || h.getJsonObject("cluster") == null ? 0 : h.getJsonObject("cluster").getInteger("members", 0);
  }
}
