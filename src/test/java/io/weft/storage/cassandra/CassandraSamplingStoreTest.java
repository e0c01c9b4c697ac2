package io.weft.storage.cassandra;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.sampling.adaptive.Probabilities;
import io.weft.sampling.adaptive.Throughput;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Adaptive sampling's Cassandra store against a real node: every collector's rows of one interval are
 * read back by time range, the latest probabilities survive a restart (a new session), and the lease
 * is held by one owner at a time, renewed by it, and lapses with its TTL.
 */
@ExtendWith(VertxExtension.class)
class CassandraSamplingStoreTest {
  static CassandraSpanStore open(Vertx vertx) {
    return await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(Map.of()), new WeftMetrics()), 120);
  }

  @Test
  void throughputProbabilitiesAndTheLease(Vertx vertx) throws Exception {
    CassandraSpanStore spans = open(vertx);
    CassandraSamplingStore s = spans.samplingStore(60_000);
    long t = System.currentTimeMillis() / 1000 * 1000;
    Throughput a = new Throughput("svc", "GET", 3, Set.of("0.001000"));
    Throughput b = new Throughput("svc", "GET", 4, Set.of("0.002000"));
    Throughput c = new Throughput("svc, with \"quotes\"", "POST", 1, Set.of());
    await(s.insertThroughput(List.of(a), t));
    await(s.insertThroughput(List.of(b, c), t)); // a second collector, the same interval
    await(s.insertThroughput(List.of(a), t + 1000));
    assertEquals(Set.of(a, b, c), Set.copyOf(await(s.getThroughput(t - 1000, t))));
    assertEquals(List.of(a), await(s.getThroughput(t, t + 1000)), "(start, end]");

    Probabilities first = new Probabilities(Map.of("svc", Map.of("GET", new Probabilities.Entry(0.5, 2))));
    Probabilities second = new Probabilities(Map.of("svc", Map.of("GET", new Probabilities.Entry(0.25, 4)),
        "other", Map.of("x", new Probabilities.Entry(1e-5, 100))));
    await(s.insertProbabilities("node-1", first));
    await(s.insertProbabilities("node-1", second));
    assertEquals(second, await(s.getLatestProbabilities()));
    await(spans.close());

    CassandraSpanStore reopened = open(vertx);
    CassandraSamplingStore again = reopened.samplingStore(60_000);
    assertEquals(second, await(again.getLatestProbabilities()), "a restart reads the latest back");

    await(again.forfeit("x")); // nothing held by x: no change
    assertTrue(await(again.acquire("a", 5_000)));
    assertFalse(await(again.acquire("b", 5_000)), "held by a");
    assertTrue(await(again.acquire("a", 1_000)), "renewed by its holder, now for 1 s");
    Thread.sleep(2_500);
    assertTrue(await(again.acquire("b", 5_000)), "a's lease lapsed");
    await(again.forfeit("b"));
    assertTrue(await(again.acquire("c", 5_000)), "forfeited");
    await(again.forfeit("c"));
    await(reopened.close());
  }
}
