package io.weft.storage.cassandra;

import java.util.Map;

/** The query-language suite with {@code cassandra.index.mode=packed}: candidates from the trace packs. */
class CassandraPackedQueryLanguageTest extends CassandraQueryLanguageTest {
  @Override
  protected Map<String, String> options() {
    return Map.of("cassandra.keyspace", "weft_query_language_packed", "cassandra.index.mode", "packed");
  }
}
