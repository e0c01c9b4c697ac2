package io.weft.storage.cassandra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Search latency on a real Cassandra node (started as the tests start it, {@link CassandraTestNode}),
 * with and without a service, and what a time-bucket-only index for service-less searches would
 * add to every write. Traces are shaped like tracegen's: 8 spans over the services, 5 tags of 1,000
 * values each, 8 operations, spread over the last two hours. Prints Markdown; bench/cassandra-search.sh
 * runs it. Measures, never asserts.
 *
 * <p>Usage: CassandraSearchBench [services=20] [traces=20000] [searches=200] [cassandra.index.mode=rows]
 */
public final class CassandraSearchBench {
  private static final String[] OPS = {"GET /api/orders", "POST /api/checkout", "SELECT orders", "cache.get",
      "publish order.created", "GET /api/users/{id}", "charge-card", "render"};
  private static final long HOUR = 3_600_000_000L;

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int traces = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    CassandraTestNode node = CassandraTestNode.shared();
    Vertx vertx = Vertx.vertx();
    String mode = args.length > 3 ? args[3] : "rows";
    CassandraSettings settings = node.settings(Map.of("cassandra.keyspace", "weft_bench_" + mode + "_" + services + "_"
        + traces, "cassandra.index.mode", mode));
    System.out.println("cassandra.index.mode=" + mode + "\n");
    CassandraSpanStore store = await(CassandraSpanStore.open(vertx, settings, new WeftMetrics()));
    try {
      long now = System.currentTimeMillis() * 1000;
      SplittableRandom rnd = new SplittableRandom(7);
      long indexRows = 0;
      long tagRows = 0;
      long spans = 0;
      long t0 = System.nanoTime();
      List<Span> batch = new ArrayList<>();
      for (int t = 0; t < traces; t++) {
        addTrace(batch, rnd, services, now - 2 * HOUR + (2 * HOUR * t) / traces);
        if (batch.size() >= 512 || t == traces - 1) {
          IndexRows rows = IndexRows.of(batch, settings.buckets(), settings.tagPolicy());
          indexRows += rows.rowCount();
          tagRows += rows.earliest.entrySet().stream()
              .filter(e -> e.getKey().table() == IndexRows.Table.TAG).mapToLong(e -> e.getValue().size()).sum();
          spans += batch.size();
          await(store.write(batch));
          batch = new ArrayList<>();
        }
      }
      double writeSecs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("Wrote %,d spans (%,d traces over %d services, the last 2 h) in %.1f s: %,.0f spans/s.%n%n",
          spans, traces, services, writeSecs, spans / writeSecs);
      System.out.printf("Index rows per span today: %.2f, of which tag rows %.2f. An index by time bucket alone for "
          + "searches without a service would repeat the tag rows without the service: +%.0f%% index rows per write, "
          + "into one partition per bucket (sharded, or every write of the hour hits one replica set).%n%n",
          (double) indexRows / spans, (double) tagRows / spans, 100.0 * tagRows / indexRows);

      long min = now - 2 * HOUR - 60_000_000L;
      long max = now + 60_000_000L;
      String one = "service-0";
      System.out.println("| search (limit 20, last 2 h) | p50 ms | p99 ms | traces found (mean) |");
      System.out.println("|---|---|---|---|");
      measure(store, n, "service + tag (random value)", i -> TraceQuery.between(min, max, 20).withService(one)
          .withTags(Map.of("tag.0", "value-" + rnd.nextInt(1000))));
      measure(store, n, "tag alone (random value)", i -> TraceQuery.between(min, max, 20)
          .withTags(Map.of("tag.0", "value-" + rnd.nextInt(1000))));
      measure(store, n, "service + operation", i -> TraceQuery.between(min, max, 20).withService(one)
          .withOperation(OPS[0]));
      measure(store, n, "operation alone (in every trace)", i -> TraceQuery.between(min, max, 20)
          .withOperation(OPS[rnd.nextInt(OPS.length)]));
      measure(store, n, "operation alone (no such operation)", i -> TraceQuery.between(min, max, 20)
          .withOperation("no-such-operation-" + i));
      measure(store, n, "duration alone (>= 200 ms)", i -> TraceQuery.between(min, max, 20).withDurations(200_000, 0));
      // Root spans last 50-250 ms, their children a half to a ninth of that.
      measure(store, n, "service + duration (>= 245 ms, ~2% of traces)", i -> TraceQuery.between(min, max, 20)
          .withService(one).withDurations(245_000, 0));
      measure(store, n, "service + duration (<= 8 ms)", i -> TraceQuery.between(min, max, 20)
          .withService(one).withDurations(0, 8_000));
      measure(store, n, "service + tag + duration (>= 100 ms)", i -> TraceQuery.between(min, max, 20)
          .withService(one).withTags(Map.of("tag.0", "value-" + rnd.nextInt(1000))).withDurations(100_000, 0));
      measure(store, n, "time range alone (a random minute)", i -> {
        long start = now - 2 * HOUR + rnd.nextLong(2 * HOUR - 60_000_000L);
        return TraceQuery.between(start, start + 60_000_000L, 20);
      });
      measure(store, Math.max(10, n / 10), "service + tag, value no trace has (the service's partitions read)",
          i -> TraceQuery.between(min, max, 20).withService(one).withTags(Map.of("tag.0", "absent-" + i)));
      measure(store, Math.max(10, n / 10), "tag alone, value no trace has (every partition read)",
          i -> TraceQuery.between(min, max, 20).withTags(Map.of("tag.0", "absent-" + i)));
    } finally {
      await(store.close());
      await(vertx.close());
    }
  }

  private static void measure(CassandraSpanStore store, int n, String what, IntFunction<TraceQuery> query)
      throws Exception {
    for (int i = 0; i < Math.min(20, n); i++) {
      await(store.findTraces(query.apply(-1 - i))); // warm-up
    }
    double[] ms = new double[n];
    long found = 0;
    for (int i = 0; i < n; i++) {
      TraceQuery q = query.apply(i);
      long t = System.nanoTime();
      found += await(store.findTraces(q)).size();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("| %s | %.1f | %.1f | %.1f |%n", what, ms[n / 2], ms[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)],
        (double) found / n);
  }

  /** Spans shaped like tracegen's (shared with the other Cassandra benches). */
  static void addTrace(List<Span> out, SplittableRandom rnd, int services, long start) {
    io.weft.testing.RandomSpans.addTracegenLikeTrace(out, rnd, OPS, services, start);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, java.util.concurrent.TimeUnit.SECONDS);
  }
}
