package io.weft.sampling.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.cluster.TestCluster;
import io.weft.testing.Http;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two clustered collectors (separate JVMs, in-memory storage) and traces whose spans reach both (the
 * frontend's SDK exports to one, the backend's to the other): each span goes to the collector owning
 * its trace, so every trace is decided once, whole. With "errors, slow, 5% of the rest", every error
 * trace (the error deep inside, on the other collector than the root) and every slow one is stored
 * whole, 5% ± 1 point of the others, and none partly; the dependency graph still counts every trace
 * sent (the dropped traces' links are recorded without their spans).
 */
class TailSamplingClusterTest {
  static final int TRACES = 20_000;

  @Test
  void spansMeetAtTheirTracesOwnerAndEachTraceIsDecidedOnceWhole() throws Exception {
    Path dir = Files.createDirectories(Path.of(System.getProperty("weft.build.dir", "target"), "tail-cluster",
        Long.toString(System.currentTimeMillis())));
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, TailTraffic.policy("2s"));
    TestCluster cluster = new TestCluster(dir, 2);
    try (WeftProcess a = cluster.start("collector-a", 0, "collector,query", "--sampling.tail.policy-file=" + policy,
            "--query.max-search-depth=100000");
        WeftProcess b = cluster.start("collector-b", 1, "collector,query", "--sampling.tail.policy-file=" + policy,
            "--query.max-search-depth=100000")) {
      Wait.until("both collectors in both plans", 60, () -> collectors(a) == 2 && collectors(b) == 2);
      long t0 = System.nanoTime();
      try (TailTraffic traffic = new TailTraffic(a.otlpGrpc, b.otlpGrpc)) {
        traffic.send(TRACES, 2000);
        System.out.printf("sent %d traces (%d spans) in %d ms%n", traffic.traces(),
            traffic.traces() * TailTraffic.SPANS_PER_TRACE, (System.nanoTime() - t0) / 1_000_000);
        Wait.until("every trace decided", 120, () -> decided(a) + decided(b) >= TRACES
            && a.metric("weft_tail_sampling_buffered_traces") == 0 && b.metric("weft_tail_sampling_buffered_traces") == 0);
        assertEquals(TRACES, decided(a) + decided(b), "each trace decided once, on one collector");
        System.out.printf("decided in %d ms after the first trace; a decided %.0f, b %.0f; forwarded %.0f + %.0f spans%n",
            (System.nanoTime() - t0) / 1_000_000, decided(a), decided(b),
            a.metric("weft_tail_sampling_forwarded_spans_total", "outcome=\"ok\""),
            b.metric("weft_tail_sampling_forwarded_spans_total", "outcome=\"ok\""));
        assertEquals(0, a.metric("weft_tail_sampling_forwarded_spans_total", "outcome=\"failed-buffered-here\"")
            + b.metric("weft_tail_sampling_forwarded_spans_total", "outcome=\"failed-buffered-here\""));
        StoredTraces.check(traffic, stored(a));
        // Span metrics count at the collectors' intake, above tail sampling: every db.query span, kept or not.
        String dbQuery = "span_name=\"db.query\"";
        assertEquals(TRACES, a.metric("traces_span_metrics_calls_total", dbQuery)
            + b.metric("traces_span_metrics_calls_total", dbQuery), "span metrics count spans before tail sampling");
        // The dependency graph counts every trace too: each dropped trace's links were handed to storage
        // (just after its decision, so the count may trail the decisions briefly).
        Wait.until("the dropped traces' links recorded", 30, () -> droppedLinkSpans(a) + droppedLinkSpans(b)
            >= a.metric("weft_tail_sampling_spans_total", "decision=\"not_sampled\"")
                + b.metric("weft_tail_sampling_spans_total", "decision=\"not_sampled\""));
        long calls = calls(a, "frontend", "backend");
        System.out.printf("/api/dependencies frontend -> backend: %d calls for %d traces sent%n", calls, TRACES);
        assertEquals(TRACES, calls, "/api/dependencies counts every trace sent, kept or dropped by tail sampling");
        assertEquals(calls, calls(b, "frontend", "backend"), "and every query node says so");
        System.out.printf("policy counts on a: errors %.0f, slow %.0f, five-percent %.0f sampled%n",
            a.metric("weft_tail_sampling_policy_decisions_total", "decision=\"sampled\",policy=\"errors\""),
            a.metric("weft_tail_sampling_policy_decisions_total", "decision=\"sampled\",policy=\"slow\""),
            a.metric("weft_tail_sampling_policy_decisions_total", "decision=\"sampled\",policy=\"five-percent\""));

        // Without Kafka a buffered span is not durable: a crash loses what the member held, and the
        // member that stays counts it.
        traffic.send(2_000, 2000);
        Wait.until("b holding spans", 10, () -> b.metric("weft_tail_sampling_buffered_spans") > 0);
        Thread.sleep(1200); // b reports what it holds every second
        double held = b.metric("weft_tail_sampling_buffered_spans");
        b.kill();
        double lost = Wait.forValue("a counting b's loss", 30, () -> {
          double v = a.metric("weft_tail_sampling_lost_spans_total", "reason=\"member-crashed\"");
          return v > 0 ? v : null;
        });
        System.out.printf("b SIGKILLed holding %.0f spans; a counted %.0f lost%n", held, lost);
      }
    }
  }

  /** The calls parent → child in the node's /api/dependencies over the last hour (0 when absent). */
  static long calls(WeftProcess n, String parent, String child) throws Exception {
    JsonArray data = Http.json(n.query, "/api/dependencies?endTs=" + System.currentTimeMillis()
        + "&lookback=3600000").getJsonArray("data");
    for (int i = 0; i < data.size(); i++) {
      JsonObject l = data.getJsonObject(i);
      if (parent.equals(l.getString("parent")) && child.equals(l.getString("child"))) {
        return l.getLong("callCount");
      }
    }
    return 0;
  }

  static double droppedLinkSpans(WeftProcess n) throws Exception {
    return n.metric("weft_tail_sampling_dropped_links_spans_total", "outcome=\"ok\"");
  }

  static double decided(WeftProcess n) throws Exception {
    return n.metric("weft_tail_sampling_traces_total");
  }

  static int collectors(WeftProcess n) {
    JsonObject h = n.health();
    return h == null || h.getJsonObject("cluster") == null ? 0 : h.getJsonObject("cluster").getInteger("members", 0);
  }

  /** Every stored trace of either service, through one node's query API (it asks every member): id → spans. */
  static Map<String, Integer> stored(WeftProcess n) throws Exception {
    Map<String, Integer> out = new HashMap<>();
    for (String service : List.of("frontend", "backend")) {
      JsonArray data = Http.json(n.query, "/api/traces?service=" + service + "&lookback=1h&limit=100000")
          .getJsonArray("data");
      for (int i = 0; i < data.size(); i++) {
        JsonObject t = data.getJsonObject(i);
        out.put(t.getString("traceID"), t.getJsonArray("spans").size());
      }
    }
    return out;
  }
}
