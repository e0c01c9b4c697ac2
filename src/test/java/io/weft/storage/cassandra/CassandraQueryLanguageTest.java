package io.weft.storage.cassandra;

import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanStore;
import io.weft.testing.Wait;
import io.weft.traceql.QueryLanguageContract;
import java.util.Map;

/**
 * The query-language suite on a real Cassandra node (the one node of the test run): candidates
 * through the search indexes when the query has an indexed condition, else bucket by bucket. A
 * keyspace of its own: a scan without a service shares its budget among every known service, and
 * the services other tests left in the shared keyspace would crowd the suite's traces out.
 */
class CassandraQueryLanguageTest extends QueryLanguageContract {
  private Vertx vertx;

  /** The index mode and its keyspace (a subclass runs the suite in summary mode). */
  protected Map<String, String> options() {
    return Map.of("cassandra.keyspace", "weft_query_language", "cassandra.index.mode", "rows");
  }

  @Override
  protected SpanStore createStore() {
    vertx = Vertx.vertx();
    return Wait.await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(options()),
        new WeftMetrics()));
  }

  @Override
  protected void destroyStore(SpanStore s) {
    Wait.await(s.close());
    Wait.await(vertx.close());
  }
}
