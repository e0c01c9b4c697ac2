package io.weft.storage.cassandra;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
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
import io.weft.testing.TestSpans;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Summary rows are written by adding to their sets ({@link UpdateSummary}); rows an earlier Weft wrote by
 * INSERT (replacing its sets) are found beside them by every kind of duration bound, tag and operation;
 * a write replayed finds its trace once, in one row; the row's cells carry the TTL.
 */
@ExtendWith(VertxExtension.class)
class CassandraSummaryWriteTest {
  /** What Weft wrote before summaries were updates: a row with every column by INSERT, replacing its sets. */
  private static final String INSERT_ROW = "INSERT INTO %s.trace_summary (service_name, bucket, start_time, trace_id, "
      + "chunk_id, operations, tags, min_duration, max_duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";

  private final long base = (System.currentTimeMillis() - 60_000) * 1000;
  private final String svc = "upgrade-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void rowsWrittenByInsertAndByUpdateAreFoundAlikeAndAReplayIsOneRow(Vertx vertx) {
    CassandraSettings s = CassandraTestNode.shared().settings(Map.of("cassandra.index.mode", "summary",
        "cassandra.keyspace", "weft_sumw_" + svc.substring("upgrade-".length())));
    String ks = s.keyspace();
    CqlExecutor exec = new CqlExecutor(vertx, CassandraClient.create(vertx, CassandraSpanStore.clientOptions(s)), 16,
        new WeftMetrics());
    await(new CassandraSchema(s).apply(exec), 60);
    TraceId slow = newTraceId();
    TraceId fast = newTraceId();
    await(writeByInsert(exec, s, List.of(span(slow, 1, "GET", base, 900_000, "eu"),
        span(slow, 2, "GET", base + 5, 400_000, "eu"))));
    await(writeByInsert(exec, s, List.of(span(fast, 1, "GET", base + 10, 3_000, "eu"))));
    CassandraSpanStore store = await(CassandraSpanStore.open(vertx, s, new WeftMetrics()), 60);
    try {
      TraceId fresh = newTraceId();
      List<Span> freshSpans = List.of(span(fresh, 1, "PUT", base + 20, 50_000, "eu"),
          span(fresh, 2, "PUT", base + 25, 2_000, "us"));
      await(store.write(freshSpans));
      await(store.write(freshSpans)); // a replay: the same summary row again

      assertEquals(List.of(fresh, fast, slow), ids(store, query()));
      assertEquals(List.of(slow), ids(store, query().withDurations(800_000, 0)));
      assertEquals(List.of(fresh, fast), ids(store, query().withDurations(0, 10_000)), "by the maximum");
      assertEquals(List.of(fresh, slow), ids(store, query().withDurations(40_000, 500_000)));
      assertEquals(List.of(fresh), ids(store, query().withDurations(0, 10_000).withTags(Map.of("region", "us"))));
      assertEquals(List.of(), ids(store, query().withDurations(0, 1_000)));
      assertEquals(List.of(fast), ids(store, query().withOperation("GET").withDurations(0, 10_000)));
      assertEquals(2, await(store.getTrace(fresh)).size(), "the replayed spans are read once");

      List<Row> rows = await(exec.readAll(SimpleStatement.newInstance("SELECT tags, operations, TTL(min_duration), "
          + "TTL(max_duration) FROM " + ks + ".trace_summary WHERE service_name = ? AND bucket = ? AND trace_id = ? "
          + "ALLOW FILTERING", svc, s.buckets().of(base + 20), Blobs.of(fresh))));
      assertEquals(1, rows.size(), "one row for the write and its replay");
      Row r = rows.get(0);
      assertEquals(Set.of("region=eu", "region=us"), Set.copyOf(r.getSet(0, String.class)));
      assertEquals(Set.of("PUT"), Set.copyOf(r.getSet(1, String.class)));
      assertTrue(r.getInt(2) > 0 && r.getInt(2) <= s.ttlSeconds(), "TTL " + r.getInt(2));
      assertTrue(r.getInt(3) > 0 && r.getInt(3) <= s.ttlSeconds(), "TTL " + r.getInt(3));
    } finally {
      await(store.close());
      await(exec.close());
    }
  }

  /** What an earlier writer stored: the chunk row, the summary row by INSERT and the service name. */
  private static Future<Void> writeByInsert(CqlExecutor exec, CassandraSettings s, List<Span> spans) {
    String ks = s.keyspace();
    List<Future<Void>> writes = new ArrayList<>();
    TraceId id = spans.get(0).traceId();
    for (TraceChunk c : TraceChunk.of(spans)) {
      writes.add(exec.read(SimpleStatement.newInstance(String.format(InsertChunk.CQL, ks), Blobs.of(id), c.id(),
          c.startMicros(), c.spanCount(), ByteBuffer.wrap(c.blob()), s.ttlSeconds())).mapEmpty());
    }
    SummaryRows.of(spans, s.buckets(), s.tagPolicy()).rows.forEach((k, row) -> writes.add(exec.read(
        SimpleStatement.newInstance(String.format(INSERT_ROW, ks), k.service(), k.bucket(), row.start, Blobs.of(id),
            row.contentHash(), row.operations, row.tags, row.minDuration, row.maxDuration, s.ttlSeconds()))
        .mapEmpty()));
    writes.add(exec.read(SimpleStatement.newInstance("INSERT INTO " + ks + ".service_names (service_name) VALUES (?)",
        spans.get(0).serviceName())).mapEmpty());
    return Future.all(writes).mapEmpty();
  }

  private Span span(TraceId t, long id, String op, long start, long duration, String region) {
    return TestSpans.of(t, id, id == 1 ? 0 : 1, svc, op).startTimeMicros(start).durationMicros(duration)
        .tags(List.of(Tag.string("region", region))).build();
  }

  private TraceQuery query() {
    return TraceQuery.between(base - 3_600_000_000L, base + 3_600_000_000L, 20).withService(svc);
  }

  private static List<TraceId> ids(CassandraSpanStore store, TraceQuery q) {
    return await(store.findTraces(q)).stream().map(t -> t.get(0).traceId()).toList();
  }
}
