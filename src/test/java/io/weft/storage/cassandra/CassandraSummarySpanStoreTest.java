package io.weft.storage.cassandra;

import java.util.Map;

/**
 * The shared storage suite again with {@code cassandra.index.mode=summary}: searches through the
 * trace-summary table's storage-attached indexes, in a keyspace of its own so that no index row
 * written by the rows-mode suite can answer for it.
 */
class CassandraSummarySpanStoreTest extends CassandraSpanStoreTest {
  @Override
  protected CassandraSettings settings(Map<String, String> extra) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("cassandra.index.mode", "summary",
        "cassandra.keyspace", "weft_summary"));
    all.putAll(extra);
    return CassandraTestNode.shared().settings(all);
  }
}
