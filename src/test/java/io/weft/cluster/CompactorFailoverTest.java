package io.weft.cluster;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.storage.cold.ColdSettings;
import io.weft.storage.cold.ColdStore;
import io.weft.storage.cold.S3ObjectStore;
import io.weft.storage.cold.S3TestServer;
import io.weft.testing.TestSpans;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compactor role killed mid-block: node A (compactor pinned) stops between writing a block's data and
 * committing its meta (a test hook), and is SIGKILLed there. Nothing is visible of that block; the role
 * moves to node B, whose handoff repeats the window, commits the block under the same id, and moves
 * every due trace from the hot store (a real Cassandra) to the cold tier (a real S3 API), none twice.
 */
class CompactorFailoverTest {
  static final long MINUTE = 60_000_000L;
  @TempDir
  Path dir;
  final List<WeftProcess> nodes = new ArrayList<>();
  Vertx vertx;

  @AfterEach
  void stop() {
    nodes.forEach(WeftProcess::stop);
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  void killedCompactorLeavesNoHalfBlockAndAnotherNodeFinishes() throws Exception {
    S3TestServer s3 = S3TestServer.shared();
    String prefix = "failover-" + Long.toHexString(System.nanoTime()) + "/";
    Map<String, String> options = new HashMap<>(CassandraTestNode.shared().options(Map.of(
        "cassandra.keyspace", "weft_cold_failover", "span-storage.type", "cassandra")));
    options.putAll(s3.options(prefix));
    options.putAll(Map.of("cold.after", "1h", "cold.block-window", "10m", "cold.handoff.lookback", "2h",
        "cold.poll-interval", "2s"));

    // Hot data: traces that started 1h10m to 2h50m ago, in the node's own keyspace.
    vertx = Vertx.vertx();
    CassandraSpanStore hot = await(CassandraSpanStore.open(vertx,
        io.weft.storage.cassandra.CassandraSettings.from(WeftConfig.defaults().with(options)), new WeftMetrics()), 120);
    long now = System.currentTimeMillis() * 1000;
    Random r = new Random(5);
    List<List<Span>> traces = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      TraceId t = new TraceId(r.nextLong(), r.nextLong());
      long start = now - 170 * MINUTE + (long) (r.nextDouble() * 100 * MINUTE);
      List<Span> spans = List.of(TestSpans.of(t, 1, 0, "checkout", "POST /pay").startTimeMicros(start)
              .durationMicros(800).build(),
          TestSpans.of(t, 2, 1, "ledger", "insert").startTimeMicros(start + 5).durationMicros(300).build());
      traces.add(spans);
    }
    await(hot.write(traces.stream().flatMap(List::stream).toList()), 60);
    await(hot.close());

    TestCluster cluster = new TestCluster(dir, 2);
    List<String> pausing = new ArrayList<>(WeftProcess.CLUSTER_JVM);
    pausing.add("-Dweft.cold.pauseBeforeCommitMs=600000");
    WeftProcess a = WeftProcess.start("a", pausing, args(cluster.member(0), "query,compactor", options),
        dir.resolve("a.log"));
    nodes.add(a);
    Wait.until("node a writes a block's data and waits before committing it", 120,
        () -> java.nio.file.Files.readString(dir.resolve("a.log")).contains("pausing"));
    WeftProcess b = WeftProcess.start("b", WeftProcess.CLUSTER_JVM, args(cluster.member(1), "any", options),
        dir.resolve("b.log"));
    nodes.add(b);

    WorkerExecutor workers = vertx.createSharedWorkerExecutor("failover-test", 2);
    S3ObjectStore objects = s3.objects(workers);
    ColdStore reader = await(ColdStore.open(vertx, ColdSettings.from(WeftConfig.defaults().with(options)),
        objects, workers, new WeftMetrics()));
    List<String> keys = await(objects.list(prefix + "blocks/"));
    assertTrue(keys.stream().anyMatch(k -> k.endsWith("/data")), "the data of a's block is written: " + keys);
    assertTrue(keys.stream().noneMatch(k -> k.endsWith("/meta.json")), "but not committed: " + keys);
    assertEquals(0, reader.health().getInteger("blocks"), "so no block is visible");

    a.kill();
    nodes.remove(a);
    // B takes the compactor role and hands every due window off.
    long due = Math.floorDiv(now - 60 * MINUTE, 10 * MINUTE) * 10 * MINUTE;
    Wait.until("b takes the compactor role and hands off up to the due window", 180, () -> {
      await(reader.refresh().recover(e -> io.vertx.core.Future.succeededFuture()));
      String until = reader.health().getString("handedOffUntil");
      return until != null && java.time.Instant.parse(until).toEpochMilli() * 1000 >= due;
    });
    assertTrue(b.running().contains("compactor"), "b runs the compactor now: " + b.running());

    long handedOff = 0;
    for (List<Span> t : traces) {
      long start = t.get(0).startTimeMicros();
      List<Span> inCold = await(reader.reader().getTrace(t.get(0).traceId()));
      if (start < due - 10 * MINUTE) { // whole windows before the last one b may still be writing
        assertEquals(new HashSet<>(t), new HashSet<>(inCold), "trace " + t.get(0).traceId() + " moved whole");
        handedOff++;
      }
    }
    assertTrue(handedOff > 100, "most traces were due: " + handedOff);
    long spansInBlocks = reader.health().getLong("spans");
    long dueSpans = traces.stream().filter(t -> t.get(0).startTimeMicros() < due).count() * 2;
    assertEquals(dueSpans, spansInBlocks, "each due span is in exactly one block");
    // a's half block was rewritten under its id and committed: no data without a meta remains.
    List<String> after = await(objects.list(prefix + "blocks/"));
    for (String k : after) {
      if (k.endsWith("/data")) {
        assertTrue(after.contains(k.replace("/data", "/meta.json")), "committed: " + k);
      }
    }
    await(reader.close());
  }

  private static List<String> args(Path member, String roles, Map<String, String> options) {
    List<String> out = new ArrayList<>(List.of("--cluster", "--cluster.config=" + member, "--roles=" + roles,
        "--collector.instances=1", "--cluster.shutdown-timeout=10s"));
    options.forEach((k, v) -> out.add("--" + k + "=" + v));
    return out;
  }
}
