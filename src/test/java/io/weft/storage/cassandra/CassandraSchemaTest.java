package io.weft.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CassandraSchemaTest {

  @Test
  void everyIndexPartitionKeyEndsInATimeBucket() {
    String cql = new CassandraSchema(CassandraSettings.from(WeftConfig.defaults())).script();
    Matcher m = Pattern.compile("CREATE TABLE IF NOT EXISTS weft\\.(\\w+_index) .*?PRIMARY KEY \\(\\(([^)]*)\\)").matcher(cql);
    int indexes = 0;
    while (m.find()) {
      indexes++;
      assertTrue(m.group(2).endsWith("bucket"), m.group(1) + " partition key: " + m.group(2));
    }
    assertEquals(4, indexes);
    assertTrue(cql.contains("PRIMARY KEY ((bucket), parent, child)"), "dependency counters per bucket");
    assertTrue(cql.contains("TimeWindowCompactionStrategy"));
    assertTrue(cql.contains("default_time_to_live = 172800"), "2 days by default");
    assertTrue(cql.contains("INSERT INTO weft.schema_version (version"));
  }

  /** Span metrics: a partition per service and hour; a flush's rows keyed by writer and flush number. */
  @Test
  void spanMetricsTablesAreVersionThree() {
    String cql = new CassandraSchema(CassandraSettings.from(WeftConfig.defaults())).script();
    assertTrue(cql.contains("-- version 3: span metrics and service graph"));
    assertTrue(cql.contains("PRIMARY KEY ((service, hour), ts, writer, seq))"), "span_metrics");
    assertTrue(cql.contains("PRIMARY KEY ((hour), ts, writer, seq))"), "service_graph");
    assertTrue(cql.contains("span_metrics_services (hour bigint, service text, PRIMARY KEY ((hour), service))"));
  }

  /** `weft schema` prints the archive's table too: no TTL of the table's own, rows carry cassandra.archive.ttl. */
  @Test
  void theArchiveHasItsOwnTableWithoutTheSpansTtl() {
    String cql = new CassandraSchema(CassandraSettings.from(WeftConfig.defaults())).script();
    Matcher m = Pattern.compile("CREATE TABLE IF NOT EXISTS weft\\.archived_traces \\(([^;]*);").matcher(cql);
    assertTrue(m.find(), "archived_traces in the script");
    assertTrue(m.group(1).contains("PRIMARY KEY (trace_id, span_id, span_hash)"), m.group(1));
    assertTrue(m.group(1).endsWith("WITH default_time_to_live = 0"), m.group(1));
    assertTrue(cql.contains("-- version 2: archived traces"));
    assertEquals(0, CassandraSettings.from(WeftConfig.defaults()).archiveTtlSeconds(), "kept until deleted by default");
    assertEquals(90 * 86400, CassandraSettings.from(WeftConfig.defaults().with(Map.of("cassandra.archive.ttl", "90d")))
        .archiveTtlSeconds());
  }

  /** `weft schema` prints the v1 span table (still read after an upgrade) and the v5 chunk table, each with its migration. */
  @Test
  void theScriptHoldsBothTheV1SpanTableAndTheV3ChunkTable() {
    String cql = new CassandraSchema(CassandraSettings.from(WeftConfig.defaults())).script();
    int v1 = cql.indexOf("-- version 1:");
    int v5 = cql.indexOf("-- version 5: trace chunks");
    int traces = cql.indexOf("CREATE TABLE IF NOT EXISTS weft.traces (");
    int chunks = cql.indexOf("CREATE TABLE IF NOT EXISTS weft.trace_chunks (trace_id blob, chunk_id bigint, ");
    assertTrue(v1 >= 0 && v1 < traces && traces < v5 && v5 < chunks, cql);
    assertTrue(cql.substring(chunks).startsWith("CREATE TABLE IF NOT EXISTS weft.trace_chunks (trace_id blob, chunk_id "
        + "bigint, start_time bigint, span_count int, spans blob, PRIMARY KEY (trace_id, chunk_id)) WITH compaction"));
    assertTrue(cql.contains("VALUES (5, 'trace chunks"), "the version row of migration 3");
    assertTrue(cql.startsWith("-- Weft's Cassandra schema, version 7,"), cql.substring(0, 80));
    assertEquals(7, CassandraSchema.VERSION);
  }

  /** Version 7: the trace packs, newest first by the latest start they hold. */
  @Test
  void theScriptHoldsTheV7PackTable() {
    String cql = new CassandraSchema(CassandraSettings.from(WeftConfig.defaults())).script();
    int v7 = cql.indexOf("-- version 7: trace packs");
    assertTrue(v7 > cql.indexOf("-- version 6:"), cql);
    String tail = cql.substring(v7);
    assertTrue(tail.contains("CREATE TABLE IF NOT EXISTS weft.trace_packs (service_name text, bucket bigint, "
        + "max_start bigint, pack_id bigint, min_start bigint, summaries int, pack blob, "
        + "PRIMARY KEY ((service_name, bucket), max_start, pack_id)) WITH CLUSTERING ORDER BY (max_start DESC, "
        + "pack_id ASC) AND compaction"), tail);
    assertTrue(tail.contains("VALUES (7, 'trace packs"), tail);
  }

  /** Version 6: the summary table, its four SAI indexes, the index_modes table and the upgrade's rows marker. */
  @Test
  void theScriptHoldsTheV6SummaryTableWithItsSaiIndexes() {
    String cql = new CassandraSchema(CassandraSettings.from(WeftConfig.defaults())).script();
    int v6 = cql.indexOf("-- version 6: trace summaries");
    assertTrue(v6 > cql.indexOf("-- version 5:"), cql);
    String tail = cql.substring(v6);
    assertTrue(tail.contains("CREATE TABLE IF NOT EXISTS weft.trace_summary (service_name text, bucket bigint, "), tail);
    for (String col : List.of("VALUES(tags)", "VALUES(operations)", "min_duration", "max_duration")) {
      assertTrue(tail.contains(".trace_summary (" + col + ") USING 'sai'"), col);
    }
    assertTrue(tail.contains("CREATE TABLE IF NOT EXISTS weft.index_modes (mode text PRIMARY KEY)"), tail);
    assertTrue(tail.contains("INSERT INTO weft.index_modes (mode) VALUES ('rows') USING TTL "), tail);
    assertTrue(tail.contains("VALUES (6, 'trace summaries"), tail);
  }

  @Test
  void indexModeAutoIsSummaryFromCassandra5AndSummaryIsRefusedBefore() {
    assertEquals(IndexModes.Mode.SUMMARY, IndexModes.choose("auto", 5));
    assertEquals(IndexModes.Mode.ROWS, IndexModes.choose("auto", 4));
    assertEquals(IndexModes.Mode.ROWS, IndexModes.choose("rows", 5));
    assertEquals(IndexModes.Mode.PACKED, IndexModes.choose("packed", 4));
    Throwable err = org.junit.jupiter.api.Assertions.assertThrows(io.weft.config.ConfigException.class,
        () -> IndexModes.choose("summary", 4));
    assertTrue(err.getMessage().contains("needs Cassandra 5"), err.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(io.weft.config.ConfigException.class, () -> CassandraSettings.from(
        WeftConfig.defaults().with(Map.of("cassandra.index.mode", "sai"))));
  }

  @Test
  void settingsFromOptions() {
    CassandraSettings s = CassandraSettings.from(WeftConfig.defaults().with(Map.of(
        "cassandra.contact-points", "db1:9142, db2", "cassandra.ttl", "36h", "cassandra.bucket", "15m",
        "cassandra.consistency", "local_one", "cassandra.index-tags.allow", "Http.*")));
    assertEquals(List.of("db1:9142", "db2:9042"), s.contactPoints().stream()
        .map(a -> a.getHostString() + ":" + a.getPort()).toList());
    assertEquals(36 * 3600, s.ttlSeconds());
    assertEquals(900, s.bucketSeconds());
    assertEquals("LOCAL_ONE", s.consistency());
    assertEquals(List.of("Http.*"), s.tagPolicy().allow(), "tag keys keep their case");
    assertThrows(ConfigException.class, () -> CassandraSettings.from(WeftConfig.defaults().with(
        Map.of("cassandra.keyspace", "weft; DROP"))));
    assertThrows(ConfigException.class, () -> CassandraSettings.from(WeftConfig.defaults().with(
        Map.of("cassandra.consistency", "MOST"))));
  }

  @Test
  void jaegersIndexOptions() {
    TagIndexPolicy p = CassandraSettings.from(WeftConfig.defaults().with(Map.of(
        "cassandra.index.tag-blacklist", "request.id, user.id", "cassandra.index.logs", "false",
        "cassandra.index.process-tags", "False"))).tagPolicy();
    assertTrue(p.deny().containsAll(List.of("request.id", "user.id", "http.url")),
        "the blacklist joins the default deny list");
    assertTrue(p.spanTags());
    assertFalse(p.processTags());
    assertFalse(p.logs());
    assertFalse(p.indexes("user.id", "7"));
    assertTrue(p.indexes("http.method", "GET"));
    assertFalse(p.searchable("http.method", "GET"), "log fields are not indexed, so the index could miss a match");
    TagIndexPolicy white = CassandraSettings.from(WeftConfig.defaults().with(Map.of(
        "cassandra.index.tag-whitelist", "http.method"))).tagPolicy();
    assertTrue(white.searchable("http.method", "GET"));
    assertFalse(white.indexes("http.status_code", "200"));
    ConfigException both = assertThrows(ConfigException.class, () -> CassandraSettings.from(WeftConfig.defaults().with(
        Map.of("cassandra.index.tag-blacklist", "a", "cassandra.index.tag-whitelist", "b"))));
    assertTrue(both.getMessage().contains("only one of"), both.getMessage());
    assertThrows(ConfigException.class, () -> CassandraSettings.from(WeftConfig.defaults().with(
        Map.of("cassandra.index.tags", "maybe"))));
  }
}
