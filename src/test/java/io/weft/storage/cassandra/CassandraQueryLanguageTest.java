package io.weft.storage.cassandra;

import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanStore;
import io.weft.testing.Wait;
import io.weft.traceql.QueryLanguageContract;
import java.util.Map;

/**
 * The query-language suite on a real Cassandra node (the one node of the test run): candidates
 * through the search indexes when the query has an indexed condition, else bucket by bucket.
 */
class CassandraQueryLanguageTest extends QueryLanguageContract {
  private Vertx vertx;

  @Override
  protected SpanStore createStore() {
    vertx = Vertx.vertx();
    return Wait.await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(Map.of()),
        new WeftMetrics()));
  }

  @Override
  protected void destroyStore(SpanStore s) {
    Wait.await(s.close());
    Wait.await(vertx.close());
  }
}
