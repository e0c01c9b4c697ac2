package io.weft.storage.cassandra;

import io.weft.storage.cassandra.CassandraSchema.Migration;
import java.util.List;

/**
 * The statements of each schema version, oldest first ({@link CassandraSchema} applies them): the
 * tables every version added, with the table options that follow from the settings (TTL and
 * time-window compaction). Every statement is safe to run again.
 */
final class SchemaMigrations {
  private final CassandraSettings s;
  private final String ks;

  SchemaMigrations(CassandraSettings settings) {
    this.s = settings;
    this.ks = settings.keyspace();
  }

  /** Every migration, oldest first. */
  List<Migration> all() {
    return List.of(new Migration(1, "traces, names, bucketed indexes, dependency counters", v1()),
        new Migration(2, "archived traces", v2()),
        new Migration(3, "span metrics and service graph", v3()),
        new Migration(4, "adaptive sampling: operation_throughput, sampling_probabilities, leases", v4()),
        new Migration(5, "trace chunks: a trace's spans of one write in one row", v5()),
        new Migration(6, "trace summaries searched with storage-attached indexes", SummarySchema.tables(ks, expiring(),
            s.ttlSeconds())),
        new Migration(7, "trace packs: a write's trace summaries per service and bucket, searched by reading them",
            List.of(SummarySchema.packs(ks, expiring()))));
  }

  /** Spans by trace, the service and operation names, the bucketed search indexes and the dependency counters. */
  private List<String> v1() {
    String expiring = expiring();
    String names = expiringRows();
    return List.of(
        // One partition per trace, one row per distinct span (read-only from version 5 on).
        "CREATE TABLE IF NOT EXISTS " + ks + ".traces (trace_id blob, span_id bigint, span_hash bigint, "
            + "start_time bigint, duration bigint, service_name text, operation_name text, span blob, "
            + "PRIMARY KEY (trace_id, span_id, span_hash))" + expiring,
        // Small lists, written once per refresh interval per name (see NameCache), not per span.
        "CREATE TABLE IF NOT EXISTS " + ks + ".service_names (service_name text PRIMARY KEY)" + names,
        "CREATE TABLE IF NOT EXISTS " + ks + ".operation_names (service_name text, span_kind text, "
            + "operation_name text, PRIMARY KEY ((service_name), span_kind, operation_name))" + names,
        // Search indexes: (partition ..., bucket) -> newest first (start_time, trace_id).
        "CREATE TABLE IF NOT EXISTS " + ks + ".service_name_index (service_name text, bucket bigint, "
            + "start_time bigint, trace_id blob, PRIMARY KEY ((service_name, bucket), start_time, trace_id))"
            + newestFirst(expiring),
        "CREATE TABLE IF NOT EXISTS " + ks + ".service_operation_index (service_name text, operation_name text, "
            + "bucket bigint, start_time bigint, trace_id blob, "
            + "PRIMARY KEY ((service_name, operation_name, bucket), start_time, trace_id))" + newestFirst(expiring),
        // operation_name '' holds every span of the service, so a duration search needs no operation.
        "CREATE TABLE IF NOT EXISTS " + ks + ".duration_index (service_name text, operation_name text, "
            + "bucket bigint, duration bigint, start_time bigint, trace_id blob, "
            + "PRIMARY KEY ((service_name, operation_name, bucket), duration, start_time, trace_id))"
            + ordered("duration DESC, start_time DESC, trace_id ASC", expiring),
        // All values of a key share the key's partition (per service and bucket): a write touches one
        // partition per tag key, not one per tag value, which is most of the write cost otherwise.
        "CREATE TABLE IF NOT EXISTS " + ks + ".tag_index (service_name text, tag_key text, bucket bigint, "
            + "tag_value text, start_time bigint, trace_id blob, "
            + "PRIMARY KEY ((service_name, tag_key, bucket), tag_value, start_time, trace_id))"
            + ordered("tag_value ASC, start_time DESC, trace_id ASC", expiring),
        // Calls parent -> child of traces starting in a bucket; and per second, for the partial
        // buckets at either end of a lookback window.
        "CREATE TABLE IF NOT EXISTS " + ks + ".dependency_calls (bucket bigint, parent text, child text, "
            + "calls counter, PRIMARY KEY ((bucket), parent, child))",
        "CREATE TABLE IF NOT EXISTS " + ks + ".dependency_calls_by_second (bucket bigint, ts bigint, parent text, "
            + "child text, calls counter, PRIMARY KEY ((bucket), ts, parent, child))");
  }

  /**
   * Archived traces ({@code POST /api/archive/{id}}): the layout of {@code traces}, in a table of their own
   * that the primary TTL never touches. Rows carry their own TTL ({@code cassandra.archive.ttl}, 0 = kept
   * until deleted), so the table has no default and no time-window compaction.
   */
  private List<String> v2() {
    return List.of("CREATE TABLE IF NOT EXISTS " + ks + ".archived_traces (trace_id blob, span_id bigint, "
        + "span_hash bigint, start_time bigint, duration bigint, service_name text, operation_name text, span blob, "
        + "PRIMARY KEY (trace_id, span_id, span_hash)) WITH default_time_to_live = 0");
  }

  /**
   * Span metrics ({@link CassandraSeriesStore}), version 3: per service and hour, a row per bucket and flush
   * (writer, seq) holding that flush's encoded series; the services of each hour; the service-graph
   * rows per hour. Times in epoch milliseconds. Rows carry the spans' TTL.
   */
  private List<String> v3() {
    String expiring = expiring();
    String services = expiringRows();
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + ks + ".span_metrics (service text, hour bigint, ts bigint, writer text, "
            + "seq bigint, cells blob, PRIMARY KEY ((service, hour), ts, writer, seq))" + expiring,
        "CREATE TABLE IF NOT EXISTS " + ks + ".span_metrics_services (hour bigint, service text, "
            + "PRIMARY KEY ((hour), service))" + services,
        "CREATE TABLE IF NOT EXISTS " + ks + ".service_graph (hour bigint, ts bigint, writer text, seq bigint, "
            + "edges blob, PRIMARY KEY ((hour), ts, writer, seq))" + expiring);
  }

  /** Jaeger's adaptive sampling tables and its lock table ({@link CassandraSamplingStore}); rows carry their TTL. */
  private List<String> v4() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + ks + ".operation_throughput (bucket int, ts timeuuid, throughput text, "
            + "PRIMARY KEY (bucket, ts)) WITH CLUSTERING ORDER BY (ts DESC) AND gc_grace_seconds = 10800",
        "CREATE TABLE IF NOT EXISTS " + ks + ".sampling_probabilities (bucket int, ts timeuuid, hostname text, "
            + "probabilities text, PRIMARY KEY (bucket, ts)) WITH CLUSTERING ORDER BY (ts DESC) AND "
            + "gc_grace_seconds = 10800",
        "CREATE TABLE IF NOT EXISTS " + ks + ".leases (name text PRIMARY KEY, owner text)");
  }

  /**
   * A trace's spans of one write as one row: the span codec's message, LZ4-compressed
   * ({@link TraceChunk}), keyed by a hash of the spans so a replayed write is the same row. From this
   * version on {@code traces} is only read (rows written before the upgrade, until their TTL).
   */
  private List<String> v5() {
    return List.of("CREATE TABLE IF NOT EXISTS " + ks + ".trace_chunks (trace_id blob, chunk_id bigint, "
        + "start_time bigint, span_count int, spans blob, PRIMARY KEY (trace_id, chunk_id))" + expiring());
  }

  /** Table options of rows kept for the TTL, in time-window compaction. */
  private String expiring() {
    return " WITH compaction = " + twcs() + " AND default_time_to_live = " + s.ttlSeconds()
        + " AND gc_grace_seconds = 10800";
  }

  /** Table options of small tables whose rows are kept for the TTL. */
  private String expiringRows() {
    return " WITH default_time_to_live = " + s.ttlSeconds() + " AND gc_grace_seconds = 10800";
  }

  private static String newestFirst(String with) {
    return ordered("start_time DESC, trace_id ASC", with);
  }

  /** The table options {@code with} (" WITH ...") with a clustering order first. */
  static String ordered(String clusteringOrder, String with) {
    return " WITH CLUSTERING ORDER BY (" + clusteringOrder + ") AND " + with.substring(" WITH ".length());
  }

  /** About 24 compaction windows per TTL, as TimeWindowCompactionStrategy wants (20 to 30). */
  private String twcs() {
    long minutes = Math.max(1, (s.ttlSeconds() / 60 + 23) / 24);
    String unit = "MINUTES";
    if (minutes >= 60) {
      minutes = (minutes + 59) / 60;
      unit = "HOURS";
    }
    return "{'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': '" + unit
        + "', 'compaction_window_size': '" + minutes + "'}";
  }
}
