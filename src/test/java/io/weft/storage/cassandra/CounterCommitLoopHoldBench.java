package io.weft.storage.cassandra;

import static io.weft.testing.LoopGaps.max;
import static io.weft.testing.LoopGaps.median;

import com.datastax.oss.driver.api.core.CqlSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.testing.LoopGaps;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.testing.RandomSpans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How long a dependency counter commit ({@link DependencyCounterCommits}) holds the event loop it starts
 * on, at a real Cassandra node: the counts of {@code writes} writes of an ingester's batch each (about
 * 9k tracegen-shaped spans in 1.1k traces over 6 services) summed, as a commit sums the writes that came
 * while the one before was at Cassandra; the next commit is built on the loop where the previous one
 * completed. Traces start within a second of each other per write (as produced), or, the worst case,
 * spread over an hour (a backlog of old spans: a counter row per second and link). Two figures: the
 * call's time until it returns (building and handing on the commit's statements) and the longest gap
 * the loop ran nothing else until Cassandra acknowledged ({@link LoopGaps}). Measures, never asserts.
 *
 * <p>Usage: CounterCommitLoopHoldBench [spans per write=9000] [rounds=10]
 */
public final class CounterCommitLoopHoldBench {
  private static final String[] OPS = {"GET /api", "SELECT", "POST /pay", "cache.get", "render"};

  public static void main(String[] args) throws Exception {
    int spansPerWrite = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    CassandraSettings s = CassandraTestNode.shared().settings(Map.of("cassandra.keyspace", "weft_loophold"));
    Vertx vertx = Vertx.vertx();
    Context loop = vertx.getOrCreateContext();
    WeftMetrics metrics = new WeftMetrics();
    CassandraSpanStore store = onLoop(loop, () -> CassandraSpanStore.open(vertx, s, metrics)); // the schema
    CqlSession cql = CassandraSpanStore.clientOptions(s).dataStaxClusterBuilder().build();
    CqlExecutor exec = new CqlExecutor(vertx, cql, s.writeConcurrency(), metrics);
    Prepared p = onLoop(loop, () -> Prepared.prepare(exec, s.keyspace()));
    DependencyCounterCommits commits = new DependencyCounterCommits(exec, p.updateDependencyCalls());
    LoopGaps gaps = new LoopGaps(vertx, loop);
    SplittableRandom rnd = new SplittableRandom(42);
    record Case(String name, int writes, long spreadSeconds) {}
    List<Case> cases = List.of(new Case("1 write, starts within 1 s", 1, 1),
        new Case("8 writes summed, starts within 1 s each", 8, 1),
        new Case("1 write, starts spread over an hour", 1, 3600));
    System.out.printf("%d spans per write, %d rounds%n", spansPerWrite, rounds);
    System.out.println("| case | counter rows | call ms median / max | longest loop gap ms median / max |");
    System.out.println("|---|---|---|---|");
    for (Case c : cases) {
      double[] call = new double[rounds];
      double[] gap = new double[rounds];
      int rows = 0;
      for (int r = -3; r < rounds; r++) { // 3 rounds of warm-up
        DependencyCounts counts = counts(s, c.writes, spansPerWrite, c.spreadSeconds, rnd);
        rows = rows(counts);
        gaps.start();
        CompletableFuture<Future<Void>> added = new CompletableFuture<>();
        double[] ms = new double[1];
        loop.runOnContext(v -> {
          long t0 = System.nanoTime();
          Future<Void> f = commits.add(counts);
          ms[0] = (System.nanoTime() - t0) / 1e6;
          added.complete(f);
        });
        Future<Void> committed = added.get(60, TimeUnit.SECONDS);
        committed.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        double g = gaps.stop();
        if (r >= 0) {
          call[r] = ms[0];
          gap[r] = g;
        }
      }
      System.out.printf("| %s | %d | %.1f / %.1f | %.1f / %.1f |%n", c.name, rows, median(call), max(call),
          median(gap), max(gap));
    }
    System.out.println("load " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    cql.close();
    onLoop(loop, store::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** The summed counts of {@code writes} writes, made as CassandraSpanWriter makes them (a fresh tracker). */
  private static DependencyCounts counts(CassandraSettings s, int writes, int spansPerWrite, long spreadSeconds,
      SplittableRandom rnd) {
    Buckets buckets = s.buckets();
    DependencyTracker tracker = new DependencyTracker();
    long now = System.currentTimeMillis();
    DependencyCounts sum = null;
    for (int w = 0; w < writes; w++) {
      DependencyCounts counts = new DependencyCounts(buckets, now * 1000 - s.ttlMicros() + buckets.seconds() * 1_000_000L);
      Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
      List<Span> spans = new ArrayList<>();
      while (spans.size() < spansPerWrite) {
        long start = (now - (w + rnd.nextLong(spreadSeconds)) * 1000) * 1000 - rnd.nextLong(1_000_000);
        int from = spans.size();
        RandomSpans.addTracegenLikeTrace(spans, rnd, OPS, 6, start);
        byTrace.put(spans.get(from).traceId(), new ArrayList<>(spans.subList(from, spans.size())));
      }
      byTrace.forEach((id, trace) -> {
        long[] hashes = new long[trace.size()];
        for (int i = 0; i < hashes.length; i++) {
          hashes[i] = SpanIdentity.hash(trace.get(i));
        }
        counts.add(tracker.add(id, trace, hashes, now));
      });
      if (sum == null) {
        sum = counts;
      } else {
        sum.addAll(counts);
      }
    }
    return sum;
  }

  private static int rows(DependencyCounts counts) {
    int[] n = {0};
    counts.forEachBucket((b, parent, child, calls) -> n[0]++);
    counts.forEachSecond((b, second, parent, child, calls) -> n[0]++);
    return n[0];
  }

  private static <T> T onLoop(Context loop, Supplier<Future<T>> f) throws Exception {
    CompletableFuture<T> out = new CompletableFuture<>();
    loop.runOnContext(v -> f.get().onComplete(ar -> {
      if (ar.succeeded()) {
        out.complete(ar.result());
      } else {
        out.completeExceptionally(ar.cause());
      }
    }));
    return out.get(180, TimeUnit.SECONDS);
  }
}
