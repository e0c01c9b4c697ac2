package io.weft.storage.cassandra;

import java.util.List;

/**
 * Version 6: the trace-summary table searched through Cassandra 5's storage-attached indexes (SAI),
 * and the table saying which index holds rows. A summary row is one (service, time bucket, trace) of
 * one write: its operations, its spans' duration range and its indexed tags as {@code key=value}, in
 * sets with an SAI index each ({@link SummaryRows}). {@code chunk_id} is a hash of the row's content, so
 * a replayed write is the same row. {@code index_modes} holds a row per index mode that was written
 * (rows, summary), with the data's TTL and renewed while written: a search also reads the other
 * mode's index while its row lives, so traces stay findable across an upgrade or a change of mode.
 */
final class SummarySchema {
  private SummarySchema() {}

  static List<String> tables(String ks, String expiring, int ttlSeconds) {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + ks + ".trace_summary (service_name text, bucket bigint, start_time bigint, "
            + "trace_id blob, chunk_id bigint, operations set<text>, tags set<text>, min_duration bigint, "
            + "max_duration bigint, PRIMARY KEY ((service_name, bucket), start_time, trace_id, chunk_id))"
            + SchemaMigrations.ordered("start_time DESC, trace_id ASC, chunk_id ASC", expiring),
        "CREATE TABLE IF NOT EXISTS " + ks + ".index_modes (mode text PRIMARY KEY) WITH default_time_to_live = "
            + ttlSeconds);
  }

  /**
   * Version 7: a write's summaries of one (service, bucket) packed into one row ({@link TracePack}),
   * newest first by the latest trace start they hold, for {@code cassandra.index.mode=packed}.
   */
  static String packs(String ks, String expiring) {
    return "CREATE TABLE IF NOT EXISTS " + ks + ".trace_packs (service_name text, bucket bigint, max_start bigint, "
        + "pack_id bigint, min_start bigint, summaries int, pack blob, "
        + "PRIMARY KEY ((service_name, bucket), max_start, pack_id))"
        + SchemaMigrations.ordered("max_start DESC, pack_id ASC", expiring);
  }

  /** The SAI indexes (Cassandra 5 and later only; Cassandra 4 refuses {@code USING 'sai'}). */
  static List<String> indexes(String ks) {
    return List.of(
        "CREATE INDEX IF NOT EXISTS trace_summary_tags ON " + ks + ".trace_summary (VALUES(tags)) USING 'sai'",
        "CREATE INDEX IF NOT EXISTS trace_summary_operations ON " + ks + ".trace_summary (VALUES(operations)) USING 'sai'",
        "CREATE INDEX IF NOT EXISTS trace_summary_min_duration ON " + ks + ".trace_summary (min_duration) USING 'sai'",
        "CREATE INDEX IF NOT EXISTS trace_summary_max_duration ON " + ks + ".trace_summary (max_duration) USING 'sai'");
  }

  /** Says the index rows of versions 1 to 5 may hold traces, for one TTL (run when a keyspace is upgraded). */
  static String rowsMarker(String ks, int ttlSeconds) {
    return "INSERT INTO " + ks + ".index_modes (mode) VALUES ('rows') USING TTL " + ttlSeconds;
  }
}
