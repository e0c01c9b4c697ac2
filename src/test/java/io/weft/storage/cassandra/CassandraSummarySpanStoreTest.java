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
    return settings("summary", "weft_summary", extra);
  }
}
