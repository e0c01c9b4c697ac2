package io.weft.storage.cassandra;

import java.util.Map;

/** The query-language suite with {@code cassandra.index.mode=summary}: candidates through SAI. */
class CassandraSummaryQueryLanguageTest extends CassandraQueryLanguageTest {
  @Override
  protected Map<String, String> options() {
    return Map.of("cassandra.keyspace", "weft_query_language_summary", "cassandra.index.mode", "summary");
  }
}
