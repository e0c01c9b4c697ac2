package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.vertx.core.Future;
import io.weft.sampling.adaptive.LeaderLease;
import io.weft.sampling.adaptive.Probabilities;
import io.weft.sampling.adaptive.SamplingCsv;
import io.weft.sampling.adaptive.SamplingStore;
import io.weft.sampling.adaptive.Throughput;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Adaptive sampling's store in Cassandra, in Jaeger's tables (schema version 4): {@code
 * operation_throughput} (a random bucket 0-9 per row, so writers spread over ten partitions, and a
 * timeuuid of the interval's end) and {@code sampling_probabilities} (one partition, newest first),
 * both as CSV text and written with a TTL; and Jaeger's {@code leases} table as the leader lease
 * (lightweight transactions) when the nodes are not clustered. A few statements a minute: not
 * prepared.
 */
public final class CassandraSamplingStore implements SamplingStore, LeaderLease {
  private static final String LEASE = "sampling_lock"; // Jaeger's resource name

  private final CqlExecutor exec;
  private final String ks;
  private final int throughputTtlSeconds;
  private final int probabilitiesTtlSeconds;

  CassandraSamplingStore(CqlExecutor exec, String keyspace, long throughputTtlMs, int probabilitiesTtlSeconds) {
    this.exec = exec;
    this.ks = keyspace;
    this.throughputTtlSeconds = (int) Math.max(1, throughputTtlMs / 1000);
    this.probabilitiesTtlSeconds = probabilitiesTtlSeconds;
  }

  /** A timeuuid of {@code ms} unique among writers of the same moment (random clock sequence and node). */
  static UUID timeuuid(long ms) {
    long lsb = ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return new UUID(Uuids.startOf(ms).getMostSignificantBits(), lsb);
  }

  @Override
  public Future<Void> insertThroughput(List<Throughput> throughput, long atMs) {
    return exec.read(SimpleStatement.newInstance("INSERT INTO " + ks + ".operation_throughput (bucket, ts, throughput)"
        + " VALUES (?, ?, ?) USING TTL ?", ThreadLocalRandom.current().nextInt(10), timeuuid(atMs),
        SamplingCsv.throughput(throughput), throughputTtlSeconds)).mapEmpty();
  }

  @Override
  public Future<List<Throughput>> getThroughput(long startMs, long endMs) {
    return exec.readAll(SimpleStatement.newInstance("SELECT throughput FROM " + ks + ".operation_throughput WHERE "
        + "bucket IN (0,1,2,3,4,5,6,7,8,9) AND ts > ? AND ts <= ?", Uuids.endOf(startMs), Uuids.endOf(endMs)))
        .map(rows -> {
          List<Throughput> out = new ArrayList<>();
          for (Row r : rows) {
            out.addAll(SamplingCsv.parseThroughput(r.getString(0)));
          }
          return out;
        });
  }

  @Override
  public Future<Void> insertProbabilities(String host, Probabilities p) {
    return exec.read(SimpleStatement.newInstance("INSERT INTO " + ks + ".sampling_probabilities (bucket, ts, hostname, "
        + "probabilities) VALUES (1, ?, ?, ?) USING TTL ?", Uuids.timeBased(), host, SamplingCsv.probabilities(p),
        probabilitiesTtlSeconds)).mapEmpty();
  }

  @Override
  public Future<Probabilities> getLatestProbabilities() {
    return exec.readAll(SimpleStatement.newInstance("SELECT probabilities FROM " + ks + ".sampling_probabilities "
        + "WHERE bucket = 1 LIMIT 1"))
        .map(rows -> rows.isEmpty() ? Probabilities.NONE : SamplingCsv.parseProbabilities(rows.get(0).getString(0)));
  }

  /**
   * Jaeger's Cassandra lock: insert if absent, else extend if held by {@code owner}; both with a TTL.
   * A row whose owner expired before its row marker (a shorter renewal) is free too.
   */
  @Override
  public Future<Boolean> acquire(String owner, long ttlMs) {
    int ttl = (int) Math.max(1, ttlMs / 1000);
    return exec.readAll(SimpleStatement.newInstance("INSERT INTO " + ks + ".leases (name, owner) VALUES (?, ?) "
        + "IF NOT EXISTS USING TTL ?", LEASE, owner, ttl)).compose(rows -> {
          if (rows.get(0).getBoolean("[applied]")) {
            return Future.succeededFuture(true);
          }
          String holder = rows.get(0).getString("owner");
          if (holder != null && !holder.equals(owner)) {
            return Future.succeededFuture(false);
          }
          return exec.readAll(SimpleStatement.newInstance("UPDATE " + ks + ".leases USING TTL ? SET owner = ? "
              + "WHERE name = ? IF owner = ?", ttl, owner, LEASE, holder)).map(r -> r.get(0).getBoolean("[applied]"));
        });
  }

  @Override
  public Future<Void> forfeit(String owner) {
    return exec.readAll(SimpleStatement.newInstance("DELETE FROM " + ks + ".leases WHERE name = ? IF owner = ?",
        LEASE, owner)).mapEmpty();
  }
}
