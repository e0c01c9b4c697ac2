package io.weft.storage.opensearch;

import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanStore;
import io.weft.testing.Wait;
import io.weft.traceql.QueryLanguageContract;
import java.util.Map;

/**
 * The query-language suite on a real OpenSearch node: candidates through the span filters (service,
 * span name, exact attributes, duration, time) and the collapsed search, each trace tested where read.
 */
class OpenSearchQueryLanguageTest extends QueryLanguageContract {
  private Vertx vertx;

  @Override
  protected SpanStore createStore() {
    vertx = Vertx.vertx();
    // A prefix of its own per run: the suite's fixture has fixed names and must be alone in its indices.
    String prefix = "tql" + Long.toHexString(System.nanoTime() & 0xffffff);
    return Wait.await(OpenSearchSpanStore.open(vertx, OpenSearchTestNode.shared().settings(
        Map.of("opensearch.index.prefix", prefix)), new WeftMetrics()), 120);
  }

  @Override
  protected void destroyStore(SpanStore s) {
    Wait.await(s.close());
    Wait.await(vertx.close());
  }
}
