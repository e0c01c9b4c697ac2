package io.weft.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.cassandra.CassandraClient;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ArchiveStore;
import io.weft.storage.ArchiveStoreContract;
import io.weft.storage.SpanReader;
import io.weft.storage.SpanStore;
import io.weft.storage.TestTraces;
import io.weft.storage.archive.ArchiveFallbackReader;
import io.weft.storage.archive.TraceArchiver;
import io.weft.testing.Wait;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The archive on a real Cassandra node: table archived_traces, with a TTL of its own (none by default). */
class CassandraArchiveTest extends ArchiveStoreContract {
  static Vertx vertx;
  static CassandraSpanStore cassandra;
  static CassandraClient cql;

  @BeforeAll
  static void open() {
    CassandraTestNode node = CassandraTestNode.shared();
    vertx = Vertx.vertx();
    cassandra = Wait.await(CassandraSpanStore.open(vertx, node.settings(Map.of()), new WeftMetrics()));
    cql = CassandraClient.create(vertx, CassandraSpanStore.clientOptions(node.settings(Map.of())));
  }

  @AfterAll
  static void close() {
    await(cql.close());
    await(cassandra.close());
    await(vertx.close());
  }

  @Override
  protected ArchiveStore archive() {
    return cassandra.archive();
  }

  @Override
  protected SpanStore primary() {
    return cassandra;
  }

  @Test
  void archivedRowsAreKeptByDefault() {
    TraceId id = newTraceId();
    await(cassandra.archive().write(List.of(TestTraces.span(id, 1, "kept"))));
    Row row = ttlOf(id);
    assertNull(row.getObject(0), "cassandra.archive.ttl 0: no TTL on the row");
  }

  @Test
  void archivedRowsTakeTheArchiveTtl() {
    CassandraSpanStore store = Wait.await(CassandraSpanStore.open(vertx,
        CassandraTestNode.shared().settings(Map.of("cassandra.archive.ttl", "30d")), new WeftMetrics()));
    try {
      TraceId id = newTraceId();
      await(store.archive().write(List.of(TestTraces.span(id, 1, "thirty-days"))));
      int ttl = ttlOf(id).getInt(0);
      assertTrue(ttl > 29 * 86400 && ttl <= 30 * 86400, "TTL of the archived row: " + ttl);
    } finally {
      await(store.close());
    }
  }

  /** The primary TTL expires the spans; the archived copy, without one, is still read by its id. */
  @Test
  void anArchivedTraceOutlivesThePrimaryTtl() throws Exception {
    CassandraSpanStore shortLived = Wait.await(CassandraSpanStore.open(vertx,
        CassandraTestNode.shared().settings(Map.of("cassandra.ttl", "3s")), new WeftMetrics()));
    try {
      TraceId id = newTraceId();
      List<Span> spans = List.of(TestTraces.span(id, 1, "outlives"), TestTraces.span(id, 2, "outlives"));
      await(shortLived.write(spans));
      SpanReader reader = new ArchiveFallbackReader(shortLived, shortLived.archive());
      assertTrue(await(new TraceArchiver(reader, shortLived.archive()).archive(id)));
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!await(shortLived.getTrace(id)).isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "the primary TTL (3s) never expired the spans");
        Thread.sleep(250);
      }
      assertSameSpans(spans, await(reader.getTrace(id)));
    } finally {
      await(shortLived.close());
    }
  }

  private static Row ttlOf(TraceId id) {
    List<Row> rows = await(cql.executeWithFullFetch(SimpleStatement.newInstance("SELECT TTL(span) FROM "
        + CassandraTestNode.KEYSPACE + ".archived_traces WHERE trace_id = ?", Blobs.of(id))));
    assertEquals(1, rows.size());
    return rows.get(0);
  }
}
