package io.weft.storage.cassandra;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.Wait;
import java.util.List;
import io.weft.storage.SearchTooBroadException;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared storage suite against a real Cassandra node: Cassandra must answer exactly as memory does.
 * Here with the index rows ({@code cassandra.index.mode=rows}); {@link CassandraSummarySpanStoreTest}
 * runs it all again with the trace summaries and SAI.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CassandraSpanStoreTest extends SpanStoreContract {
  Vertx vertx;
  CassandraSpanStore cassandra;

  /** The settings of this class's mode and keyspace, with the given options on top. */
  protected CassandraSettings settings(Map<String, String> extra) {
    return settings("rows", null, extra);
  }

  /** The shared node's settings for an index mode, in {@code keyspace} (null: the default one), with {@code extra}. */
  protected static CassandraSettings settings(String mode, String keyspace, Map<String, String> extra) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("cassandra.index.mode", mode));
    if (keyspace != null) {
      all.put("cassandra.keyspace", keyspace);
    }
    all.putAll(extra);
    return CassandraTestNode.shared().settings(all);
  }

  @BeforeAll
  void open(Vertx v) {
    vertx = v;
    // Schema creation on a fresh node takes longer than a usual call.
    cassandra = await(CassandraSpanStore.open(vertx, settings(Map.of()), new WeftMetrics()), 120);
  }

  @AfterAll
  void close() {
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

  /**
   * Every index is partitioned by service: a search without one reads each service's partitions,
   * and past cassandra.max-search-partitions it is refused with a message naming the limit.
   */
  @Test
  void searchWithoutAServiceOverTooManyPartitionsIsRefusedNamingTheLimit() {
    TraceId t = newTraceId();
    write(span(t, 1, 0, "web", "GET", base, 10), span(t, 2, 1, "db", "SELECT", base + 1, 5));
    CassandraSpanStore narrow = Wait.await(CassandraSpanStore.open(vertx,
        settings(Map.of("cassandra.max-search-partitions", "3")), new WeftMetrics()));
    try {
      Throwable err = failure(narrow.findTraces(anyService().build()));
      assertTrue(err instanceof SearchTooBroadException, String.valueOf(err));
      assertTrue(err.getMessage().contains("more than cassandra.max-search-partitions (3)"), err.getMessage());
      assertTrue(err.getMessage().contains("shorten the time range or choose a service"), err.getMessage());
      assertEquals(List.of(t), traceIds(await(narrow.findTraces(query("web").build()))), "a service search is not capped");
      assertEquals(List.of(t), traceIds(await(cassandra.findTraces(anyService().operation("SELECT").start(base, base + 10)
          .build()))), "within the default cap the same search runs");
    } finally {
      await(narrow.close());
    }
  }

  private static Throwable failure(io.vertx.core.Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the search succeeded");
  }

  @Test
  void schemaVersionIsRecorded() {
    CassandraSettings s = settings(Map.of());
    CqlExecutor exec = new CqlExecutor(vertx, io.vertx.cassandra.CassandraClient.create(vertx,
        CassandraSpanStore.clientOptions(s)), 4, new WeftMetrics());
    assertEquals(CassandraSchema.VERSION, await(new CassandraSchema(s).currentVersion(exec)));
    await(new CassandraSchema(s).check(exec));
  }
}
