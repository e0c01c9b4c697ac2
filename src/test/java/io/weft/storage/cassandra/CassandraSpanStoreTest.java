package io.weft.storage.cassandra;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.List;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared storage suite against a real Cassandra node: Cassandra must answer exactly as memory does. */
@ExtendWith(VertxExtension.class)
class CassandraSpanStoreTest extends SpanStoreContract {
  static Vertx vertx;
  static CassandraSpanStore cassandra;

  @BeforeAll
  static void open(Vertx v) {
    vertx = v;
    // Schema creation on a fresh node takes longer than a usual call.
    cassandra = await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(Map.of()), new WeftMetrics()), 120);
  }

  @AfterAll
  static void close() {
    await(cassandra.close());
  }

  /** One store for the class: the suite's data never collides (random names and ids per test). */
  @Override
  protected SpanStore createStore() {
    return cassandra;
  }

  @Override
  protected void destroyStore(SpanStore store) {
    // closed once, after the class
  }

  /** http.url is on the default deny list: not indexed, yet found, by filtering the service's traces. */
  @Test
  void searchOnATagThatIsNotIndexedStillFindsTheTrace() {
    TraceId hit = newTraceId();
    TraceId miss = newTraceId();
    write(tagged(span(hit, 1, 0, "web", "GET", base, 10), Tag.string("http.url", "/cart?id=7")),
        tagged(span(miss, 1, 0, "web", "GET", base + 1, 10), Tag.string("http.url", "/cart?id=8")));
    assertEquals(List.of(hit), find(query("web").tag("http.url", "/cart?id=7").build()).stream()
        .map(t -> t.get(0).traceId()).toList());
  }

  @Test
  void schemaVersionIsRecorded() {
    CassandraSettings s = CassandraTestNode.shared().settings(Map.of());
    CqlExecutor exec = new CqlExecutor(vertx, io.vertx.cassandra.CassandraClient.create(vertx,
        CassandraSpanStore.clientOptions(s)), 4, new WeftMetrics());
    assertEquals(CassandraSchema.VERSION, await(new CassandraSchema(s).currentVersion(exec)));
    await(new CassandraSchema(s).check(exec));
  }
}
