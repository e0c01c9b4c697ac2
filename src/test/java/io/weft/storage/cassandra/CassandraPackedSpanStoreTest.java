package io.weft.storage.cassandra;

import java.util.Map;

/**
 * The shared storage suite again with {@code cassandra.index.mode=packed}: searches read the trace packs
 * and test their summaries, in a keyspace of its own so that no other mode's index can answer for it.
 */
class CassandraPackedSpanStoreTest extends CassandraSpanStoreTest {
  @Override
  protected CassandraSettings settings(Map<String, String> extra) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("cassandra.index.mode", "packed",
        "cassandra.keyspace", "weft_packed"));
    all.putAll(extra);
    return CassandraTestNode.shared().settings(all);
  }
}
