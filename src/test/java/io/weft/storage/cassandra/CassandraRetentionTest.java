package io.weft.storage.cassandra;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.cassandra.CassandraClient;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.TraceQuery;
import io.weft.testing.TestSpans;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Data expires by TTL; index partitions are split by time bucket and a search spans the buckets. */
@ExtendWith(VertxExtension.class)
class CassandraRetentionTest {
  private static final long SECOND = 1_000_000L;
  private static final long HOUR = 3600 * SECOND;
  static Vertx vertx;
  static CassandraClient cql;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    cql = CassandraClient.create(vertx, CassandraSpanStore.clientOptions(CassandraTestNode.shared().settings(Map.of())));
  }

  @AfterAll
  static void stop() {
    await(cql.close());
  }

  @Test
  void spansIndexesAndNamesExpireAfterTheTtl() throws Exception {
    CassandraSpanStore store = open(Map.of("cassandra.ttl", "5s"));
    try {
      String service = unique("ttl");
      TraceId t = newTraceId();
      long now = System.currentTimeMillis() * 1000;
      Span root = span(t, 1, 0, service, "GET /", now - SECOND, 1000, Tag.string("http.method", "GET"));
      await(store.write(List.of(root, span(t, 2, 1, service + "-db", "SELECT", now - SECOND + 10, 100))));
      long written = System.nanoTime();

      TraceQuery byTag = new TraceQuery(service, null, Map.of("http.method", "GET"), now - HOUR, now + HOUR, 0, 0, 10);
      assertEquals(2, await(store.getTrace(t)).size());
      assertEquals(1, await(store.findTraces(byTag)).size());
      assertTrue(await(store.getServices()).contains(service));
      assertEquals(1, await(store.getOperations(service, null)).size());
      assertTrue(System.nanoTime() - written < 4_500_000_000L, "checked before the TTL ran out");

      Thread.sleep(Math.max(0, 5_300 - (System.nanoTime() - written) / 1_000_000));
      assertEquals(List.of(), await(store.getTrace(t)));
      assertEquals(List.of(), await(store.findTraces(byTag)));
      assertEquals(List.of(), await(store.findTraces(new TraceQuery(service, null, Map.of(), now - HOUR, now + HOUR,
          0, 0, 10))));
      assertFalse(await(store.getServices()).contains(service));
      assertEquals(List.of(), await(store.getOperations(service, null)));
      assertEquals(0, rows("SELECT trace_id FROM %s.tag_index WHERE service_name = ? AND tag_key = ? "
          + "AND bucket = ?", service, "http.method", store.settings().buckets().of(now - SECOND))
          .size(), "index rows expired too");
    } finally {
      await(store.close());
    }
  }

  @Test
  void tagIndexRowsLandInOneBucketPerHourAndSearchCoversTheRange() {
    CassandraSpanStore store = open(Map.of("cassandra.bucket", "1h"));
    try {
      String service = unique("buckets");
      String release = unique("r");
      Buckets buckets = store.settings().buckets();
      long hourStart = buckets.startMicros(buckets.of(System.currentTimeMillis() * 1000));
      List<TraceId> ids = new ArrayList<>();
      List<Span> spans = new ArrayList<>();
      for (int h = 5; h >= 1; h -= 2) { // 5, 3 and 1 hours ago: three buckets with an empty one between each
        TraceId t = newTraceId();
        ids.add(t);
        spans.add(span(t, 1, 0, service, "op", hourStart - h * HOUR + 17 * SECOND, 500, Tag.string("release", release)));
      }
      await(store.write(spans)); // one write, three partitions

      for (int i = 0; i < 3; i++) {
        long bucket = buckets.of(spans.get(i).startTimeMicros());
        List<Row> rows = rows("SELECT trace_id, start_time FROM %s.tag_index WHERE service_name = ? AND tag_key = ? "
            + "AND bucket = ? AND tag_value = ?", service, "release", bucket, release);
        assertEquals(1, rows.size(), "one row in the bucket of " + (5 - 2 * i) + " hours ago");
        assertEquals(ids.get(i), Blobs.traceId(rows.get(0).getByteBuffer(0)));
        assertEquals(spans.get(i).startTimeMicros(), rows.get(0).getLong(1));
        assertEquals(0, rows("SELECT trace_id FROM %s.tag_index WHERE service_name = ? AND tag_key = ? "
            + "AND bucket = ?", service, "release", bucket + 3600).size(),
            "nothing in the hour after");
        assertEquals(1, rows("SELECT trace_id FROM %s.service_name_index WHERE service_name = ? AND bucket = ?",
            service, bucket).size(), "the service index is bucketed the same way");
      }

      long now = System.currentTimeMillis() * 1000;
      assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), traceIds(await(store.findTraces(new TraceQuery(
          service, null, Map.of("release", release), now - 6 * HOUR, now, 0, 0, 10)))), "newest first, across buckets");
      assertEquals(List.of(ids.get(1)), traceIds(await(store.findTraces(new TraceQuery(service, null,
          Map.of("release", release), hourStart - 4 * HOUR, hourStart - 2 * HOUR, 0, 0, 10)))));
      assertEquals(List.of(ids.get(2), ids.get(1)), traceIds(await(store.findTraces(new TraceQuery(service, null,
          Map.of("release", release), now - 6 * HOUR, now, 0, 0, 2)))), "limit stops at the newest buckets");
    } finally {
      await(store.close());
    }
  }

  /** In rows mode: these tests look at the index rows themselves. */
  private static CassandraSpanStore open(Map<String, String> extra) {
    Map<String, String> all = new java.util.HashMap<>(extra);
    all.put("cassandra.index.mode", "rows");
    return await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(all), new WeftMetrics()), 120);
  }

  private static List<Row> rows(String cqlFormat, Object... values) {
    return await(cql.executeWithFullFetch(SimpleStatement.newInstance(
        String.format(cqlFormat, CassandraTestNode.KEYSPACE), values)));
  }

  private static List<TraceId> traceIds(List<List<Span>> traces) {
    return traces.stream().map(t -> t.get(0).traceId()).toList();
  }

  static String unique(String prefix) {
    return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }

  static Span span(TraceId t, long id, long parent, String service, String op, long start, long duration, Tag... tags) {
    return TestSpans.of(t, id, parent, service, op).startTimeMicros(start).durationMicros(duration).tags(List.of(tags))
        .build();
  }
}
