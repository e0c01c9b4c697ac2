package io.weft.storage.cassandra;

import static io.weft.testing.Wait.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.SeriesStore;
import io.weft.storage.SeriesStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The span-metrics suite against a real Cassandra node. */
@ExtendWith(VertxExtension.class)
class CassandraSeriesStoreTest extends SeriesStoreContract {
  static CassandraSpanStore cassandra;

  @BeforeAll
  static void open(Vertx vertx) {
    cassandra = await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(Map.of()), new WeftMetrics()),
        120);
  }

  @AfterAll
  static void close() {
    await(cassandra.close());
  }

  @Override
  protected SeriesStore store() {
    return cassandra.seriesStore();
  }
}
