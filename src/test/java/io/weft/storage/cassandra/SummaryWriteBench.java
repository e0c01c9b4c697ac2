package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.weft.model.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Cassandra's CPU for the trace-summary rows alone, written three ways into three keyspaces of one
 * node, interleaved in short rounds so a shared machine's load hits each alike: version 6 (INSERT,
 * SAI on tags, operations, min and max duration), UPDATE adding to the sets with the same four
 * indexes, and version 7 (UPDATE, no min_duration index). The same tracegen-shaped spans
 * ({@link CassandraSearchBench#addTrace}) give the same rows ({@link SummaryRows}), batched per
 * partition as the writer does. Flushes run when they run, so each way's CPU includes some of the
 * others' flushes: many short rounds even that out. Measures, never asserts.
 *
 * <p>Usage: SummaryWriteBench [traces per round=2000] [rounds=10] [services=6]
 */
public final class SummaryWriteBench {
  private static final String INSERT = "INSERT INTO %s.trace_summary (service_name, bucket, start_time, trace_id, "
      + "chunk_id, operations, tags, min_duration, max_duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";

  public static void main(String[] args) throws Exception {
    int traces = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int services = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    CassandraTestNode node = CassandraTestNode.shared();
    List<String> ways = List.of("v6 insert, 4 indexes", "update, 4 indexes", "v7 update, 3 indexes");
    Map<String, PreparedStatement> statements = new LinkedHashMap<>();
    CassandraSettings s = null;
    CqlSession session = null;
    for (int w = 0; w < ways.size(); w++) {
      s = node.settings(Map.of("cassandra.keyspace", "weft_sumwrite_" + w));
      if (session == null) {
        session = CassandraSpanStore.clientOptions(s).dataStaxClusterBuilder().build();
      }
      String ks = s.keyspace();
      CassandraSchema schema = new CassandraSchema(s);
      for (String cql : schema.keyspaceStatements()) {
        session.execute(cql);
      }
      for (String cql : SummarySchema.tables(ks, " WITH default_time_to_live = " + s.ttlSeconds(), s.ttlSeconds())) {
        session.execute(cql);
      }
      for (String cql : SummarySchema.indexes(ks)) {
        session.execute(cql);
      }
      if (w < 2) {
        session.execute("CREATE INDEX IF NOT EXISTS trace_summary_min_duration ON " + ks
            + ".trace_summary (min_duration) USING 'sai'");
      }
      statements.put(ways.get(w), session.prepare(String.format(w == 0 ? INSERT : UpdateSummary.CQL, ks)));
    }
    long hour = 3_600_000_000L;
    long now = System.currentTimeMillis() * 1000;
    Map<String, long[]> totals = new LinkedHashMap<>(); // spans, Cassandra CPU ns
    for (String w : ways) {
      totals.put(w, new long[2]);
    }
    SplittableRandom rnd = new SplittableRandom(5);
    for (int r = 0; r < rounds; r++) {
      List<Span> spans = new ArrayList<>();
      for (int t = 0; t < traces; t++) {
        CassandraSearchBench.addTrace(spans, rnd, services, now - hour + (hour * (r * traces + t)) / (rounds * traces));
      }
      List<String> order = new ArrayList<>(ways);
      java.util.Collections.rotate(order, r);
      for (String w : order) {
        long c0 = cpuNanos(node.pid());
        write(session, statements.get(w), w.startsWith("v6"), spans, s);
        totals.get(w)[0] += spans.size();
        totals.get(w)[1] += cpuNanos(node.pid()) - c0;
      }
      StringBuilder line = new StringBuilder("round " + (r + 1) + ", so far:");
      totals.forEach((w, t) -> line.append(String.format(" %s %.1f µs;", w, t[1] / 1e3 / t[0])));
      System.err.println(line);
    }
    System.out.println("| way | spans | Cassandra CPU µs per span (summary rows only) |");
    System.out.println("|---|---|---|");
    totals.forEach((w, t) -> System.out.printf("| %s | %,d | %.1f |%n", w, t[0], t[1] / 1e3 / t[0]));
    session.close();
    System.exit(0);
  }

  /** The rows of 512-span batches, a batch per summary partition, 64 batches in flight. */
  private static void write(CqlSession session, PreparedStatement ps, boolean insert, List<Span> spans,
      CassandraSettings s) {
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int from = 0; from < spans.size(); from += 512) {
      SummaryRows rows = SummaryRows.of(spans.subList(from, Math.min(spans.size(), from + 512)), s.buckets(),
          s.tagPolicy());
      Map<String, BatchStatementBuilder> batches = new LinkedHashMap<>();
      rows.rows.forEach((k, row) -> {
        Statement<?> st = insert
            ? ps.bind(k.service(), k.bucket(), row.start, Blobs.of(k.traceId()), row.contentHash(), row.operations,
                row.tags, row.minDuration, row.maxDuration, s.ttlSeconds())
            : new UpdateSummary(ps).bind(k, row, s.ttlSeconds());
        batches.computeIfAbsent(k.service() + '\u0000' + k.bucket(), x -> BatchStatement.builder(BatchType.UNLOGGED))
            .addStatement((com.datastax.oss.driver.api.core.cql.BatchableStatement<?>) st);
      });
      for (BatchStatementBuilder b : batches.values()) {
        BatchStatement batch = b.build();
        // A timeout on the loaded machine: the rows are idempotent, so the batch is sent again.
        inFlight.add(session.executeAsync(batch).toCompletableFuture()
            .exceptionallyCompose(e -> session.executeAsync(batch).toCompletableFuture())
            .exceptionallyCompose(e -> session.executeAsync(batch).toCompletableFuture()));
        if (inFlight.size() >= 64) {
          CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
          inFlight.clear();
        }
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
  }

  private static long cpuNanos(long pid) throws Exception {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ", 2)[1].split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime + stime, 100 ticks/s
  }
}
