package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Weft's tables, modelled on Jaeger's Cassandra schema (v004) with these differences:
 * <ul>
 *   <li>every index partition key ends in a time bucket ({@code cassandra.bucket}, 1h by default),
 *       so no partition grows for as long as data keeps coming (Jaeger's service_operation_index and
 *       tag_index do: jaeger#1773, jaeger#3028);</li>
 *   <li>a trace's spans of one write are one row of {@code trace_chunks} (version 5): the spans
 *       as one compressed {@link io.weft.wire.SpanBinaryCodec} message keyed by a hash of it, so
 *       writing them again is the same row, and a trace is a single-partition read of a few rows.
 *       Versions 1 to 4 stored a row per span in {@code traces}, still read until its rows expire;</li>
 *   <li>the index tables hold a trace once per write per service, operation, tag value and
 *       duration octave ({@link IndexRows}), not once per span;</li>
 *   <li>dependency links are counted per bucket as spans arrive (counter tables), so reading them
 *       is cheap, instead of by a batch job;</li>
 *   <li>a {@code schema_version} table records which migrations ran, so a later version can
 *       upgrade a keyspace in place.</li>
 * </ul>
 * Times are microseconds since the epoch, buckets epoch seconds. Everything but the counters
 * expires by TTL (written with each row; the table default is a safety net); counters cannot
 * carry a TTL, so {@link CassandraSpanStore} deletes whole expired bucket partitions.
 *
 * <p>Each version's tables are in {@link SchemaMigrations}; this applies them, checks a keyspace's
 * version, and writes them out as a script.
 */
public final class CassandraSchema {
  /** The schema version this code reads and writes. */
  public static final int VERSION = 7;

  /** A numbered step from one schema version to the next. */
  public record Migration(int version, String description, List<String> statements) {}

  private final CassandraSettings s;
  private final String ks;
  private final SchemaMigrations migrations;

  public CassandraSchema(CassandraSettings settings) {
    this.s = settings;
    this.ks = settings.keyspace();
    this.migrations = new SchemaMigrations(settings);
  }

  /** Creates the keyspace and the version table; safe to run again. */
  public List<String> keyspaceStatements() {
    return List.of(
        "CREATE KEYSPACE IF NOT EXISTS " + ks + " WITH replication = " + s.replication() + " AND durable_writes = true",
        "CREATE TABLE IF NOT EXISTS " + ks + ".schema_version (version int PRIMARY KEY, description text, "
            + "applied_at timestamp)");
  }

  /** Every migration, oldest first; a keyspace at version n gets those above n. */
  public List<Migration> migrations() {
    return migrations.all();
  }

  /** The whole schema as a CQL script a DBA can read and apply ({@code weft schema}). */
  public String script() {
    StringBuilder sb = new StringBuilder()
        .append("-- Weft's Cassandra schema, version ").append(VERSION).append(", keyspace ").append(ks)
        .append(", TTL ").append(s.ttlSeconds()).append(" s (archived traces: ")
        .append(s.archiveTtlSeconds() == 0 ? "kept" : s.archiveTtlSeconds() + " s").append(").\n")
        .append("-- Apply with: cqlsh -f <this file>; then start Weft with --cassandra.create-schema=false.\n")
        .append("-- Every statement is safe to run again, so the same file upgrades a keyspace of an older version.\n")
        .append("-- Version 5 writes traces to trace_chunks; the per-span table traces of versions 1 to 4 stays and is\n")
        .append("-- read as well until its rows have expired (its TTL), so traces written before the upgrade stay readable.\n\n");
    for (String cql : keyspaceStatements()) {
      sb.append(cql).append(";\n\n");
    }
    for (Migration m : migrations()) {
      sb.append("-- version ").append(m.version()).append(": ").append(m.description()).append('\n');
      for (String cql : m.statements()) {
        sb.append(cql).append(";\n\n");
      }
      if (m.version() == 6) {
        sb.append("-- Cassandra 5 and later (leave these four out on Cassandra 4 and run cassandra.index.mode=rows):\n");
        for (String cql : SummarySchema.indexes(ks)) {
          sb.append(cql).append(";\n\n");
        }
        sb.append("-- Only when upgrading a keyspace of version 5 or older: searches keep reading its index rows\n")
            .append("-- for one TTL (on a new keyspace it only makes searches read the empty index tables as well).\n")
            .append(SummarySchema.rowsMarker(ks, s.ttlSeconds())).append(";\n\n");
      }
      sb.append(versionRow(m)).append(";\n\n");
    }
    return sb.toString();
  }

  private String versionRow(Migration m) {
    return "INSERT INTO " + ks + ".schema_version (version, description, applied_at) VALUES ("
        + m.version() + ", '" + m.description().replace("'", "''") + "', toTimestamp(now()))";
  }

  /** Creates what is missing and runs the migrations above the keyspace's version, in order. */
  public Future<Void> apply(CqlExecutor exec) {
    return apply(exec, VERSION, true);
  }

  /**
   * The same, stopping at version {@code upTo} (a test makes an older keyspace with it); the SAI
   * indexes of version 6 only when {@code sai} (Cassandra 5+), created again if missing.
   */
  Future<Void> apply(CqlExecutor exec, int upTo, boolean sai) {
    Future<Void> done = Future.succeededFuture();
    for (String cql : keyspaceStatements()) {
      done = done.compose(v -> ddl(exec, cql));
    }
    return done.compose(v -> currentVersion(exec)).compose(current -> {
      if (current > VERSION) {
        return Future.failedFuture(new IllegalStateException("keyspace " + ks + " has schema version " + current
            + ", newer than this Weft's " + VERSION + ": upgrade Weft"));
      }
      Future<Void> steps = Future.succeededFuture();
      for (Migration m : migrations()) {
        if (m.version() > current && m.version() <= upTo) {
          for (String cql : m.statements()) {
            steps = steps.compose(v -> ddl(exec, cql));
          }
          if (m.version() == 6 && current > 0) {
            steps = steps.compose(v -> ddl(exec, SummarySchema.rowsMarker(ks, s.ttlSeconds())));
          }
          steps = steps.compose(v -> ddl(exec, versionRow(m)));
        }
      }
      if (sai && upTo >= 6) {
        for (String cql : SummarySchema.indexes(ks)) {
          steps = steps.compose(v -> ddl(exec, cql));
        }
      }
      return steps;
    });
  }

  /** Checks, without changing anything, that the keyspace is at this code's version. */
  public Future<Void> check(CqlExecutor exec) {
    return currentVersion(exec).recover(err -> Future.failedFuture(new IllegalStateException("cannot read "
            + ks + ".schema_version (" + err.getMessage() + "): apply the CQL of `weft schema` first, or set "
            + "cassandra.create-schema=true")))
        .compose(v -> v == VERSION ? Future.succeededFuture() : Future.failedFuture(new IllegalStateException(
            "keyspace " + ks + " has schema version " + v + ", this Weft needs " + VERSION
                + (v < VERSION ? ": apply the CQL of `weft schema`, or set cassandra.create-schema=true"
                    : ": upgrade Weft"))));
  }

  /** The highest version applied, 0 for a new keyspace. */
  Future<Integer> currentVersion(CqlExecutor exec) {
    return exec.readAll(SimpleStatement.newInstance("SELECT version FROM " + ks + ".schema_version"))
        .map(rows -> {
          int max = 0;
          for (Row r : rows) {
            max = Math.max(max, r.getInt(0));
          }
          return max;
        });
  }

  private static Future<Void> ddl(CqlExecutor exec, String cql) {
    // Schema changes wait for every node to agree, which takes longer than a write.
    return exec.readAll(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60))).mapEmpty();
  }
}
