package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.JaegerTags;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What a trace-summary table searched through Cassandra 5's storage-attached indexes (SAI) would
 * cost against today's index rows, on a real node ({@link CassandraTestNode}), for the same
 * tracegen-shaped batches (8 spans over the services, 5 tags of 1,000 values each), alternated:
 * <ul>
 *   <li>index rows: {@link CassandraSpanStore#write} as shipped (chunk rows + per-trace index rows);
 *   <li>summary + SAI: the same chunk rows plus one row per (service, bucket, trace) of a write with
 *       its operations, duration range and "key=value" tags in sets, SAI on each, rows of one
 *       (service, bucket) partition in one unlogged batch.
 * </ul>
 * Per span: this JVM's CPU (Weft's side: grouping, binding, the driver) and Cassandra's, then the
 * latency of a service + tag search each way. A prototype to decide with, not a storage: names
 * and dependencies are left out of the summary side. Measures, never asserts.
 *
 * <p>Usage: CassandraSummaryBench [services=6] [traces per round=6000] [rounds=3]
 */
public final class CassandraSummaryBench {
  private static final String SUMMARY = "CREATE TABLE IF NOT EXISTS %s.trace_summary (service_name text, bucket bigint, "
      + "start_time bigint, trace_id blob, chunk_id bigint, operations set<text>, tags set<text>, min_duration bigint, "
      + "max_duration bigint, PRIMARY KEY ((service_name, bucket), start_time, trace_id, chunk_id)) "
      + "WITH CLUSTERING ORDER BY (start_time DESC, trace_id ASC, chunk_id ASC) AND default_time_to_live = 172800";

  public static void main(String[] args) throws Exception {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int traces = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    CassandraTestNode node = CassandraTestNode.shared();
    Vertx vertx = Vertx.vertx();
    CassandraSettings settings = node.settings(Map.of("cassandra.keyspace", "weft_summary_a"));
    CassandraSettings other = node.settings(Map.of("cassandra.keyspace", "weft_summary_b"));
    CassandraSpanStore store = await(CassandraSpanStore.open(vertx, settings, new WeftMetrics()));
    CassandraSpanStore storeB = await(CassandraSpanStore.open(vertx, other, new WeftMetrics())); // schema of B
    CqlSession session = CassandraSpanStore.clientOptions(other).dataStaxClusterBuilder().build();
    String ks = other.keyspace();
    session.execute(String.format(SUMMARY, ks));
    for (String col : List.of("VALUES(tags)", "VALUES(operations)", "min_duration", "max_duration")) {
      session.execute("CREATE INDEX IF NOT EXISTS ON " + ks + ".trace_summary (" + col + ") USING 'sai'");
    }
    CqlExecutor exec = new CqlExecutor(vertx, session, 128, new WeftMetrics());
    Prepared p = await(Prepared.prepare(exec, ks));
    PreparedStatement insert = session.prepare("INSERT INTO " + ks + ".trace_summary (service_name, bucket, start_time, "
        + "trace_id, chunk_id, operations, tags, min_duration, max_duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    long now = System.currentTimeMillis() * 1000;
    SplittableRandom rnd = new SplittableRandom(11);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<String, List<double[]>> results = new LinkedHashMap<>();
    long hour = 3_600_000_000L;
    for (int r = 0; r < rounds; r++) {
      for (String way : r % 2 == 0 ? List.of("index rows", "summary + SAI") : List.of("summary + SAI", "index rows")) {
        List<List<Span>> batches = new ArrayList<>();
        List<Span> batch = new ArrayList<>();
        for (int t = 0; t < traces; t++) {
          CassandraSearchBench.addTrace(batch, rnd, services, now - hour + (hour * t) / traces);
          if (batch.size() >= 512 || t == traces - 1) {
            batches.add(batch);
            batch = new ArrayList<>();
          }
        }
        long spans = batches.stream().mapToLong(List::size).sum();
        System.gc();
        long c0 = cassandraCpuNanos(node.pid());
        long w0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (List<Span> b : batches) {
          if (way.equals("index rows")) {
            await(store.write(b));
          } else {
            await(writeSummary(exec, p, insert, other, b));
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double weftUs = (os.getProcessCpuTime() - w0) / 1e3 / spans;
        double cassUs = (cassandraCpuNanos(node.pid()) - c0) / 1e3 / spans;
        results.computeIfAbsent(way, k -> new ArrayList<>()).add(new double[] {spans / secs, weftUs, cassUs});
        System.err.printf("round %d %s: %.0f spans/s, client %.1f µs, Cassandra %.1f µs per span%n", r + 1, way,
            spans / secs, weftUs, cassUs);
      }
    }
    System.out.println("| way | spans/s (median) | client CPU µs per span | Cassandra CPU µs per span |");
    System.out.println("|---|---|---|---|");
    results.forEach((way, rs) -> System.out.printf("| %s | %.0f | %.1f | %.1f |%n", way, median(rs, 0), median(rs, 1),
        median(rs, 2)));
    // A service + tag search each way, on the data just written (the newest hour).
    String svc = "service-0";
    long bucket = settings.buckets().of(now - 1);
    PreparedStatement byTag = session.prepare("SELECT start_time, trace_id FROM " + ks + ".trace_summary "
        + "WHERE service_name = ? AND bucket = ? AND tags CONTAINS ? LIMIT 20");
    double[] sai = new double[100];
    double[] rows = new double[100];
    for (int i = 0; i < 100; i++) {
      String value = "value-" + rnd.nextInt(1000);
      long t = System.nanoTime();
      session.execute(byTag.bind(svc, bucket, "tag.0=" + value));
      sai[i] = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      await(store.findTraces(io.weft.storage.TraceQuery.between(now - 2 * hour, now + hour, 20).withService(svc)
          .withTags(Map.of("tag.0", value))));
      rows[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(sai);
    Arrays.sort(rows);
    System.out.printf("%nService + tag, one bucket: SAI query p50 %.1f ms (ids only), Weft search over index rows "
        + "p50 %.1f ms (ids, then traces fetched and checked).%n", sai[50], rows[50]);
    session.close();
    await(store.close());
    await(storeB.close());
    await(vertx.close());
  }

  /** Chunk rows as the writer makes them, plus the summary rows, one batch per summary partition. */
  private static Future<Void> writeSummary(CqlExecutor exec, Prepared p, PreparedStatement insert, CassandraSettings s,
      List<Span> spans) {
    List<Future<Void>> acks = new ArrayList<>();
    Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
    for (Span span : spans) {
      byTrace.computeIfAbsent(span.traceId(), k -> new ArrayList<>()).add(span);
    }
    Map<String, BatchStatementBuilder> partitions = new LinkedHashMap<>();
    byTrace.forEach((id, traceSpans) -> {
      for (TraceChunk c : TraceChunk.of(traceSpans)) {
        acks.add(exec.write(p.insertChunk().bind(id, c, s.ttlSeconds()), null, true));
      }
      Map<String, List<Span>> byService = new LinkedHashMap<>();
      for (Span span : traceSpans) {
        byService.computeIfAbsent(span.serviceName() + "\u0000" + s.buckets().of(span.startTimeMicros()),
            k -> new ArrayList<>()).add(span);
      }
      byService.forEach((key, group) -> {
        Set<String> ops = new HashSet<>();
        Set<String> tags = new HashSet<>();
        long start = Long.MAX_VALUE;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Span span : group) {
          ops.add(span.operationName());
          start = Math.min(start, span.startTimeMicros());
          min = Math.min(min, span.durationMicros());
          max = Math.max(max, span.durationMicros());
          addTags(tags, JaegerTags.effective(span));
          addTags(tags, span.process().tags());
        }
        Span first = group.get(0);
        BatchStatementBuilder b = partitions.computeIfAbsent(key, k -> BatchStatement.builder(BatchType.UNLOGGED));
        b.addStatement(insert.bind(first.serviceName(), s.buckets().of(first.startTimeMicros()), start, Blobs.of(id),
            (long) group.hashCode(), ops, tags, min, max, s.ttlSeconds()).setIdempotent(true));
      });
    });
    partitions.values().forEach(b -> acks.add(exec.write(b.setIdempotence(true).build(), null, true)));
    return Future.all(acks).mapEmpty();
  }

  private static void addTags(Set<String> out, List<Tag> tags) {
    for (Tag t : tags) {
      out.add(t.key() + "=" + t.valueAsString());
    }
  }

  private static long cassandraCpuNanos(long pid) throws Exception {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ", 2)[1].split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime + stime, 100 ticks/s
  }

  private static double median(List<double[]> rs, int i) {
    double[] v = rs.stream().mapToDouble(a -> a[i]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(300, java.util.concurrent.TimeUnit.SECONDS);
  }
}
