package io.weft.storage.cassandra;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.cassandra.CassandraClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.TraceQuery;
import io.weft.storage.cassandra.IndexRows.Entry;
import io.weft.storage.cassandra.IndexRows.Partition;
import io.weft.storage.cassandra.IndexRows.Table;
import io.weft.testing.TestSpans;
import io.weft.wire.SpanBinaryCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Schema version 5 against a real Cassandra node: a trace's spans of one write are one chunk row;
 * replays, traces arriving in many writes, and traces written under the v1/v2 schema before an
 * upgrade all read back whole and once.
 */
@ExtendWith(VertxExtension.class)
class CassandraChunksTest {
  private static final long SECOND = 1_000_000L;
  static Vertx vertx;
  static CassandraSpanStore store;
  static CqlExecutor exec;
  private final String svc = "chunks-" + UUID.randomUUID().toString().substring(0, 8);
  private final long base = (System.currentTimeMillis() - 60_000) * 1000;

  @BeforeAll
  static void open(Vertx v) {
    vertx = v;
    CassandraSettings s = CassandraTestNode.shared().settings(Map.of());
    store = await(CassandraSpanStore.open(vertx, s, new WeftMetrics()), 120);
    exec = new CqlExecutor(vertx, CassandraClient.create(vertx, CassandraSpanStore.clientOptions(s)), 16,
        new WeftMetrics());
  }

  @AfterAll
  static void close() {
    await(store.close());
  }

  @Test
  void aBatchWrittenTwiceReadsBackOnce() {
    TraceId t = newTraceId();
    List<Span> batch = List.of(span(t, 1, 0, "GET", base, 900), span(t, 2, 1, "SELECT", base + 10, 300),
        span(t, 3, 1, "SELECT", base + 20, 200));
    await(store.write(batch));
    await(store.write(batch));
    List<Span> shuffled = new ArrayList<>(batch);
    Collections.reverse(shuffled);
    await(store.write(shuffled));
    assertEquals(1, chunkRows(t), "the same spans in any order are the same row");
    // Redelivered in other groupings (Kafka after a rebalance): more rows, the same spans once.
    await(store.write(batch.subList(1, 3)));
    await(store.write(List.of(batch.get(0), batch.get(2))));
    assertSameSpans(batch, await(store.getTrace(t)));
    List<List<Span>> found = await(store.findTraces(query().build()));
    assertEquals(1, found.size());
    assertSameSpans(batch, found.get(0));
  }

  /** Spans of one trace in ten writes over about three seconds, among other traces' spans. */
  @Test
  void aTraceWhoseSpansArriveInManyBatchesOverSecondsReadsBackWhole() throws InterruptedException {
    TraceId t = newTraceId();
    List<Span> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      List<Span> batch = new ArrayList<>();
      for (int j = 0; j < 5; j++) {
        long id = i * 5L + j + 1;
        Span s = span(t, id, id == 1 ? 0 : 1, "op-" + j, base + id * SECOND / 10, 1000L * (id + 1));
        if (i == 9 && j == 4) {
          s = s.toBuilder().tags(List.of(Tag.string("late.tag", "last-batch"))).build();
        }
        batch.add(s);
        all.add(s);
      }
      batch.add(span(newTraceId(), 1, 0, "noise", base, 5));
      await(store.write(batch));
      Thread.sleep(300);
    }
    assertEquals(10, chunkRows(t));
    assertSameSpans(all, await(store.getTrace(t)));
    assertSameSpans(all, only(await(store.findTraces(query().tag("late.tag", "last-batch").build()))));
    // Span 50 is the only one of 51 ms or more: found through its duration octave (32.8-65.5 ms).
    assertSameSpans(all, only(await(store.findTraces(query().durationMin(51_000).build()))));
    assertEquals(List.of(), await(store.findTraces(query().durationMin(51_001).build())));
    assertSameSpans(all, only(await(store.findTraces(query().operation("op-3").durationMin(45_000)
        .durationMax(45_000).build()))));
  }

  /**
   * A keyspace made at version 4 holding a trace the old way (a row per span in {@code traces}, a
   * duration row per span); opening the store upgrades it to version 5, the old trace is read and
   * found, and spans of it written after the upgrade join it, a re-sent old span only once.
   */
  @Test
  void aTraceWrittenUnderTheOldSchemaReadsBackAfterTheUpgrade() {
    String ks = "weft_v4_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    CassandraSettings s = CassandraTestNode.shared().settings(Map.of("cassandra.keyspace", ks));
    CassandraSchema schema = new CassandraSchema(s);
    await(schema.apply(exec, 4, false), 60);
    assertEquals(4, await(schema.currentVersion(exec)));
    TraceId t = newTraceId();
    List<Span> old = List.of(span(t, 1, 0, "GET", base, 900),
        tagged(span(t, 2, 1, "SELECT", base + 10, 777), Tag.string("db.system", "cassandra")));
    await(writeAsVersion2(ks, s, old));

    CassandraSpanStore upgraded = await(CassandraSpanStore.open(vertx, s, new WeftMetrics()), 60);
    try {
      assertEquals(CassandraSchema.VERSION, await(schema.currentVersion(exec)));
      assertSameSpans(old, await(upgraded.getTrace(t)));
      assertSameSpans(old, only(await(upgraded.findTraces(query().tag("db.system", "cassandra").build()))));
      assertSameSpans(old, only(await(upgraded.findTraces(query().durationMin(700).durationMax(800).build()))));
      Span late = span(t, 3, 1, "PUT", base + 20, 50);
      await(upgraded.write(List.of(old.get(1), late)));
      List<Span> whole = List.of(old.get(0), old.get(1), late);
      assertSameSpans(whole, await(upgraded.getTrace(t)));
      assertSameSpans(whole, only(await(upgraded.findTraces(query().operation("PUT").build()))));
    } finally {
      await(upgraded.close());
    }
  }

  /** What versions 1 to 4 wrote for these spans: a row per span, index rows with exact durations. */
  private Future<Void> writeAsVersion2(String ks, CassandraSettings s, List<Span> spans) {
    List<Future<Void>> writes = new ArrayList<>();
    String insertSpan = String.format(InsertSpan.CQL, ks);
    for (Span sp : spans) {
      byte[] encoded = SpanBinaryCodec.encode(sp);
      writes.add(exec.read(SimpleStatement.newInstance(insertSpan, Blobs.of(sp.traceId()), sp.spanId(),
          Blobs.hash(encoded), sp.startTimeMicros(), sp.durationMicros(), sp.serviceName(), sp.operationName(),
          ByteBuffer.wrap(encoded), s.ttlSeconds())).mapEmpty());
      long bucket = s.buckets().of(sp.startTimeMicros());
      for (String op : List.of("", sp.operationName())) {
        writes.add(exec.read(SimpleStatement.newInstance(String.format(InsertIndexRow.DURATION, ks),
            sp.serviceName(), op, bucket, sp.durationMicros(), sp.startTimeMicros(), Blobs.of(sp.traceId()),
            s.ttlSeconds())).mapEmpty());
      }
    }
    // The service, operation and tag rows have not changed: write them as the store does.
    IndexRows rows = IndexRows.of(spans, s.buckets(), s.tagPolicy());
    rows.earliest.forEach((Partition p, Map<Entry, Long> entries) -> {
      if (p.table() == Table.DURATION) {
        return;
      }
      entries.forEach((e, start) -> writes.add(exec.read(SimpleStatement.newInstance(
          String.format(cqlOf(p.table()), ks))
          .setPositionalValues(values(p, e, start, s.ttlSeconds()))).mapEmpty()));
    });
    writes.add(exec.read(SimpleStatement.newInstance("INSERT INTO " + ks
        + ".service_names (service_name) VALUES (?)", svc)).mapEmpty());
    return Future.all(writes).mapEmpty();
  }

  private static String cqlOf(Table t) {
    return switch (t) {
      case SERVICE -> InsertIndexRow.SERVICE;
      case OPERATION -> InsertIndexRow.OPERATION;
      case TAG -> InsertIndexRow.TAG;
      case DURATION, SUMMARY, PACKED -> InsertIndexRow.DURATION;
    };
  }

  private static List<Object> values(Partition p, Entry e, long start, int ttl) {
    ByteBuffer id = Blobs.of(e.traceId());
    return switch (p.table()) {
      case SERVICE -> List.of(p.service(), p.bucket(), start, id, ttl);
      case OPERATION -> List.of(p.service(), p.a(), p.bucket(), start, id, ttl);
      case TAG -> List.of(p.service(), p.a(), p.bucket(), e.value(), start, id, ttl);
      case DURATION, SUMMARY, PACKED -> throw new IllegalArgumentException();
    };
  }

  /**
   * Token-aware routing: the driver's default policy sends a request to a replica of its routing
   * key, which bound statements of prepared inserts carry (their partition key), and a batch takes
   * its first statement's.
   */
  @Test
  void writesCarryRoutingKeysForTheTokenAwarePolicy() {
    CassandraSettings s = CassandraTestNode.shared().settings(Map.of());
    try (com.datastax.oss.driver.api.core.CqlSession session = CassandraSpanStore.clientOptions(s)
        .dataStaxClusterBuilder().build()) {
      assertEquals("DefaultLoadBalancingPolicy", session.getContext()
          .getLoadBalancingPolicy(com.datastax.oss.driver.api.core.config.DriverExecutionProfile.DEFAULT_NAME)
          .getClass().getSimpleName());
    }
    Prepared p = await(Prepared.prepare(exec, s.keyspace()));
    TraceId t = newTraceId();
    List<Span> spans = List.of(span(t, 1, 0, "GET", base, 900).toBuilder()
        .tags(List.of(Tag.string("http.method", "GET"))).build());
    var chunk = p.insertChunk().bind(t, TraceChunk.of(spans).get(0), 60);
    assertEquals(Blobs.of(t), chunk.getRoutingKey(), "a chunk row routes by its trace id");
    var batch = com.datastax.oss.driver.api.core.cql.BatchStatement.builder(
        com.datastax.oss.driver.api.core.cql.BatchType.UNLOGGED);
    IndexRows.of(spans, s.buckets(), s.tagPolicy()).earliest.forEach((partition, entries) ->
        entries.forEach((e, start) -> {
          var row = p.insertIndexRow().bind(partition, e, start, 60);
          org.junit.jupiter.api.Assertions.assertNotNull(row.getRoutingKey(), partition.table() + " row");
          batch.addStatement(row);
        }));
    org.junit.jupiter.api.Assertions.assertNotNull(batch.build().getRoutingKey(), "a batch routes by its first row");
  }

  private int chunkRows(TraceId t) {
    return await(exec.readAll(SimpleStatement.newInstance("SELECT chunk_id FROM " + CassandraTestNode.KEYSPACE
        + ".trace_chunks WHERE trace_id = ?", Blobs.of(t)))).size();
  }

  private Span span(TraceId t, long id, long parent, String op, long start, long duration) {
    return TestSpans.of(t, id, parent, svc, op).startTimeMicros(start).durationMicros(duration).build();
  }

  private static Span tagged(Span s, Tag... tags) {
    return s.toBuilder().tags(List.of(tags)).build();
  }

  private Query query() {
    return new Query(svc, base - 3600 * SECOND, base + 3600 * SECOND);
  }

  private static List<Span> only(List<List<Span>> traces) {
    assertEquals(1, traces.size(), "one trace found: " + traces);
    return traces.get(0);
  }

  private static void assertSameSpans(List<Span> expected, List<Span> actual) {
    Comparator<Span> order = Comparator.comparing(Span::toString);
    assertEquals(expected.stream().sorted(order).toList(), actual.stream().sorted(order).toList());
  }

  /** A search of this test's service. */
  private static final class Query {
    private final String service;
    private final long min;
    private final long max;
    private String operation;
    private final Map<String, String> tags = new java.util.LinkedHashMap<>();
    private long durationMin;
    private long durationMax;

    Query(String service, long min, long max) {
      this.service = service;
      this.min = min;
      this.max = max;
    }

    Query operation(String v) { operation = v; return this; }
    Query tag(String k, String v) { tags.put(k, v); return this; }
    Query durationMin(long v) { durationMin = v; return this; }
    Query durationMax(long v) { durationMax = v; return this; }

    TraceQuery build() {
      return new TraceQuery(service, operation, tags, min, max, durationMin, durationMax, 20);
    }
  }
}
