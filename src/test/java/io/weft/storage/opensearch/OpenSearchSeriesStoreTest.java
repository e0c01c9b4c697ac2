package io.weft.storage.opensearch;

import static io.weft.testing.Wait.await;

import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SeriesStore;
import io.weft.storage.SeriesStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The span-metrics suite against a real OpenSearch node (the metrics-<date> indices). */
class OpenSearchSeriesStoreTest extends SeriesStoreContract {
  static Vertx vertx;
  static OpenSearchSpanStore os;

  @BeforeAll
  static void open() {
    vertx = Vertx.vertx();
    os = await(OpenSearchSpanStore.open(vertx, OpenSearchTestNode.shared().settings(
        Map.of("opensearch.index.prefix", "series")), new WeftMetrics()), 120);
  }

  @AfterAll
  static void close() {
    await(os.close());
    await(vertx.close());
  }

  @Override
  protected SeriesStore store() {
    return os.seriesStore();
  }
}
