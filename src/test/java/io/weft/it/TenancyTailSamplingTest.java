package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.testing.Http;
import io.weft.testing.Metrics;
import io.weft.testing.Wait;
import io.weft.testing.ZipkinJson;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tail sampling under tenancy on one node ("errors, 5% of the rest"): two tenants send traces of the
 * SAME trace ids and the same service and operation names, team-a's each with an error in its child
 * span, team-b's without, each trace's two spans in two requests. Each trace is decided as (tenant,
 * trace id): every team-a trace is stored whole, in team-a only; team-b reads only its own spans (its
 * kept 5%), never one of team-a's; each tenant's dependency graph counts its own traces, dropped ones
 * too, and no other's; the decision counters carry the tenant.
 */
class TenancyTailSamplingTest {
  static final int TRACES = 200;

  /** The policy of the tail tests: every error, every slow trace, 5% of the rest; decided after 1 s. */
  static Path policy() throws Exception {
    Path p = Files.createTempFile("weft-tenancy-tail-", ".yaml");
    Files.writeString(p, """
        decision_wait: 1s
        policies:
          - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
          - {name: slow, type: latency, latency: {threshold_ms: 1000}}
          - {name: five-percent, type: probabilistic, probabilistic: {sampling_percentage: 5}}
        """);
    return p;
  }

  /** One tenant's trace: its root's and child's span ids. */
  record Sent(String root, String child) {}

  @Test
  void theSameTraceIdsOfTwoTenantsAreDecidedAndStoredApart() throws Exception {
    try (TestNode node = TestNode.start(Map.of("tenancy.enabled", "true", "tenancy.tenants", "team-a,team-b",
        "sampling.tail.policy-file", policy().toString()))) {
      check(node, node);
    }
  }

  /**
   * Behind Kafka: the collector writes each tenant's spans with the tenant in the record header, the
   * ingester (with tail sampling) decides each (tenant, trace id) and stores it in the tenant's store.
   */
  @Test
  void behindKafkaTheIngesterDecidesEachTenantsTracesApart() throws Exception {
    KafkaTopic topic = KafkaTopic.fresh(2);
    String[] tenancy = {"tenancy.enabled", "true", "tenancy.tenants", "team-a,team-b"};
    Map<String, String> ingester = topic.node("ingester,query", tenancy);
    ingester.put("sampling.tail.policy-file", policy().toString());
    try (TestNode reader = TestNode.start(ingester);
        TestNode collector = TestNode.start(topic.node("collector", tenancy))) {
      Wait.until("the ingester with partitions", 60,
          () -> Metrics.value(Http.get(reader.admin, "/metrics").body(), "weft_ingester_assigned_partitions") > 0);
      check(collector, reader);
    }
  }

  /** Sends both tenants' traces to {@code in}'s Zipkin port; {@code node} decides, stores and answers queries. */
  static void check(TestNode in, TestNode node) throws Exception {
    {
      List<String> ids = new ArrayList<>();
      List<Sent> a = new ArrayList<>();
      List<Sent> b = new ArrayList<>();
      for (int i = 0; i < TRACES; i++) {
        ids.add(ZipkinJson.newTraceId());
        a.add(new Sent(ZipkinJson.spanId(), ZipkinJson.spanId()));
        b.add(new Sent(ZipkinJson.spanId(), ZipkinJson.spanId()));
      }
      // Every root in one request, every child in a second: each trace is buffered across requests.
      for (boolean children : new boolean[] {false, true}) {
        send(in, "team-a", ids, a, children, true);
        send(in, "team-b", ids, b, children, false);
      }
      Wait.until("every trace of both tenants decided", 60, () -> {
        String m = Http.get(node.admin, "/metrics").body();
        return decided(m, "team-a") == TRACES && decided(m, "team-b") == TRACES
            && Metrics.value(m, "weft_tail_sampling_buffered_traces") == 0;
      });
      String m = Http.get(node.admin, "/metrics").body();
      assertEquals(TRACES, Metrics.value(m, "weft_tail_sampling_traces_total",
          "decision=\"sampled\",tenant=\"team-a\""), "every team-a trace has its error");
      double keptB = Metrics.value(m, "weft_tail_sampling_traces_total", "decision=\"sampled\",tenant=\"team-b\"");
      assertTrue(keptB < TRACES / 4, "team-b's error-free traces are not kept for team-a's errors: " + keptB);
      assertEquals(0, Metrics.value(m, "weft_tail_sampling_policy_decisions_total",
          "decision=\"sampled\",policy=\"errors\",tenant=\"team-b\""), "no error in team-b's traces");

      int readB = 0;
      for (int i = 0; i < TRACES; i++) {
        String id = ids.get(i);
        Set<String> spansA = spanIds(Wait.forValue("team-a's trace " + id + " whole", 30,
            () -> trace("team-a", node, id, 2)));
        assertEquals(Set.of(a.get(i).root(), a.get(i).child()), spansA, "team-a reads its two spans only");
        HttpResponse<String> r = TenantHttp.get("team-b", node.query, "/api/traces/" + id);
        if (r.statusCode() == 200) {
          readB++;
          JsonObject t = new JsonObject(r.body()).getJsonArray("data").getJsonObject(0);
          assertEquals(Set.of(b.get(i).root(), b.get(i).child()), spanIds(t), "team-b reads its own spans only");
          assertFalse(t.encode().contains("\"error\""), "no error tag in team-b's trace");
        } else {
          assertEquals(404, r.statusCode(), r.body());
        }
      }
      assertEquals((int) keptB, readB, "team-b reads exactly the traces kept for it");
      System.out.printf("team-a: %d of %d kept (errors); team-b: %d kept by the 5%% policy%n", TRACES, TRACES, readB);

      // Each tenant's graph counts its own traces, the dropped ones' links included, and no other's.
      for (String tenant : List.of("team-a", "team-b")) {
        long calls = Wait.forValue(tenant + "'s graph counting every trace", 30, () -> {
          long c = calls(tenant, node);
          return c >= TRACES ? c : null;
        });
        assertEquals(TRACES, calls, tenant + "'s front -> pay calls: its own traces only");
      }
    }
  }

  static double decided(String metrics, String tenant) {
    return Metrics.value(metrics, "weft_tail_sampling_traces_total", "tenant=\"" + tenant + "\"");
  }

  /** The roots (front GET /checkout) or their children (pay charge, with an error for {@code error}), under the tenant. */
  static void send(TestNode node, String tenant, List<String> traceIds, List<Sent> sent, boolean children,
      boolean error) throws Exception {
    JsonObject[] spans = new JsonObject[traceIds.size()];
    for (int i = 0; i < spans.length; i++) {
      Sent s = sent.get(i);
      spans[i] = children ? ZipkinJson.span(traceIds.get(i), s.child(), s.root(), "pay", "charge")
          : ZipkinJson.span(traceIds.get(i), s.root(), null, "front", "GET /checkout");
      if (children && error) {
        spans[i].put("tags", new JsonObject().put("error", "true"));
      }
    }
    HttpResponse<String> r = TenantHttp.post(tenant, node.zipkin, "/api/v2/spans", "application/json",
        ZipkinJson.json(spans).getBytes(StandardCharsets.UTF_8));
    assertEquals(202, r.statusCode(), r.body());
  }

  /** The tenant's trace once it has {@code spans} spans, else null. */
  static JsonObject trace(String tenant, TestNode node, String id, int spans) {
    try {
      HttpResponse<String> r = TenantHttp.get(tenant, node.query, "/api/traces/" + id);
      if (r.statusCode() != 200) {
        return null;
      }
      JsonObject t = new JsonObject(r.body()).getJsonArray("data").getJsonObject(0);
      return t.getJsonArray("spans").size() >= spans ? t : null;
    } catch (Exception e) {
      return null;
    }
  }

  static Set<String> spanIds(JsonObject trace) {
    Set<String> out = new HashSet<>();
    JsonArray spans = trace.getJsonArray("spans");
    for (int i = 0; i < spans.size(); i++) {
      out.add(spans.getJsonObject(i).getString("spanID"));
    }
    return out;
  }

  /** front → pay calls in the tenant's /api/dependencies over the last hour. */
  static long calls(String tenant, TestNode node) throws Exception {
    JsonArray deps = TenantHttp.json(tenant, node.query, "/api/dependencies?endTs=" + System.currentTimeMillis()
        + "&lookback=3600000").getJsonArray("data");
    long n = 0;
    for (int i = 0; i < deps.size(); i++) {
      JsonObject l = deps.getJsonObject(i);
      if ("front".equals(l.getString("parent")) && "pay".equals(l.getString("child"))) {
        n += l.getLong("callCount");
      }
    }
    return n;
  }
}
