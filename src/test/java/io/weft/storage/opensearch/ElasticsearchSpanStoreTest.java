package io.weft.storage.opensearch;

import static io.weft.testing.Wait.await;

import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared storage suite against a real Elasticsearch 8.19 node, through the same backend code.
 * It starts a second server, so it runs only when asked: {@code -Dweft.elasticsearch=true} (or
 * {@code bench/elasticsearch-contract.sh}); {@code -Dweft.elasticsearch.port=N} uses a running node.
 */
class ElasticsearchSpanStoreTest extends SpanStoreContract {
  static Vertx vertx;
  static OpenSearchSpanStore es;

  @BeforeAll
  static void open() {
    Assumptions.assumeTrue(Boolean.getBoolean("weft.elasticsearch") || Integer.getInteger("weft.elasticsearch.port") != null,
        "Elasticsearch runs only with -Dweft.elasticsearch=true");
    OpenSearchTestNode node = OpenSearchTestNode.sharedElasticsearch();
    vertx = Vertx.vertx();
    es = await(OpenSearchSpanStore.open(vertx,
        node.settings(Map.of("opensearch.index.prefix", "contract")), new WeftMetrics()), 120);
    Assumptions.assumeTrue(es.serverName().startsWith("Elasticsearch"), "the node is " + es.serverName());
  }

  @AfterAll
  static void close() {
    if (es != null) {
      await(es.close());
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Override
  protected SpanStore createStore() {
    return es;
  }

  @Override
  protected void destroyStore(SpanStore store) {
    // closed once, after the class
  }
}
