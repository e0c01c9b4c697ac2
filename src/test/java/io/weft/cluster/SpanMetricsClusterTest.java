package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.KnownTraffic;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Span metrics on a cluster of separate JVMs with in-memory storage: two collectors' flushes merge
 * (every member holds every flush), a collector SIGKILLed loses at most what it had not flushed,
 * and a member joining later copies what the others hold.
 */
class SpanMetricsClusterTest {
  @Test
  void collectorsMergeAKilledOneLosesOnlyItsBucketInProgressAndAJoinerCopiesTheRest() throws Exception {
    try (TestCluster cluster = TestCluster.inBuildDir("span-metrics-cluster", 3)) {
      WeftProcess a = cluster.start("a", 0, "collector,query", "--span-metrics.step=2s");
      WeftProcess b = cluster.start("b", 1, "collector,query", "--span-metrics.step=2s");
      Wait.until("two members", 60, () -> a.health().getJsonObject("cluster").getInteger("members") == 2);

      KnownTraffic traffic = new KnownTraffic();
      traffic.send(List.of("http://127.0.0.1:" + a.otlpGrpc, "http://127.0.0.1:" + b.otlpGrpc));
      for (WeftProcess n : List.of(a, b)) {
        Wait.until("both collectors' flushes on " + n.name, 30, () -> {
          try {
            traffic.assertServed(n.query);
            return true;
          } catch (AssertionError e) {
            return false;
          }
        });
      }

      // B flushes 120 calls, then takes 60 more and dies before (most likely) flushing them.
      String victim = traffic.prefix + "victim";
      traffic.serverSpans("http://127.0.0.1:" + b.otlpGrpc, victim, 120);
      Wait.until("B's first batch flushed", 30, () -> traffic.callRate(a.query, victim) == 2.0);
      traffic.serverSpans("http://127.0.0.1:" + b.otlpGrpc, victim, 60);
      double unflushed = b.metric("weft_span_metrics_unflushed_calls");
      b.kill();
      Wait.until("A sees B gone", 30, () -> a.health().getJsonObject("cluster").getInteger("members") == 1);
      double counted = traffic.callRate(a.query, victim) * 60;
      System.out.printf("killed collector: 180 calls accepted, %.0f counted, %.0f unflushed at the kill%n", counted,
          unflushed);
      assertTrue(counted >= 180 - unflushed - 1e-9 && counted <= 180 + 1e-9,
          "lost at most what was unflushed: counted " + counted + ", unflushed " + unflushed);
      traffic.assertServed(a.query); // B's earlier flushes outlive B

      WeftProcess c = cluster.start("c", 2, "query", "--span-metrics.step=2s");
      Wait.until("C joined", 60, () -> c.health().getJsonObject("cluster").getInteger("members") == 2);
      Wait.until("C copied A's span metrics", 30, () -> {
        try {
          traffic.assertServed(c.query);
          return true;
        } catch (AssertionError e) {
          return false;
        }
      });
      assertEquals(counted / 60, traffic.callRate(c.query, victim), 1e-9);
    }
  }
}
