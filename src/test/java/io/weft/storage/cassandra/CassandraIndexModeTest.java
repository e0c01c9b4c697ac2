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
import io.weft.testing.TestSpans;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Changing the search index: a keyspace of version 5 (index rows) upgraded to version 6 and opened in
 * summary mode still finds its old traces through their index rows, and new ones through the trace
 * summaries; a keyspace written in summary mode and then opened in rows mode finds both likewise, and
 * one written in summary, packed and rows mode in turn finds the traces of all three.
 */
@ExtendWith(VertxExtension.class)
class CassandraIndexModeTest {
  private final long base = (System.currentTimeMillis() - 60_000) * 1000;
  private final String svc = "modes-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aVersion5KeyspaceUpgradedToSummariesStillFindsItsOldTraces(Vertx vertx) {
    CassandraSettings s = settings("summary");
    CqlExecutor exec = new CqlExecutor(vertx, CassandraClient.create(vertx, CassandraSpanStore.clientOptions(s)), 16,
        new WeftMetrics());
    CassandraSchema schema = new CassandraSchema(s);
    await(schema.apply(exec, 5, false), 60);
    TraceId old = newTraceId();
    List<Span> oldSpans = List.of(tagged(span(old, 1, "GET", base), "region", "eu"));
    await(writeAsVersion5(exec, s, oldSpans));

    CassandraSpanStore upgraded = await(CassandraSpanStore.open(vertx, s, new WeftMetrics()), 60);
    try {
      assertEquals(CassandraSchema.VERSION, await(schema.currentVersion(exec)));
      TraceId fresh = newTraceId();
      await(upgraded.write(List.of(tagged(span(fresh, 1, "PUT", base + 10), "region", "eu"))));
      assertEquals(List.of(fresh, old), ids(upgraded, query().withTags(Map.of("region", "eu"))));
      assertEquals(List.of(old), ids(upgraded, query().withOperation("GET")));
      assertEquals(List.of(fresh), ids(upgraded, query().withOperation("PUT").withTags(Map.of("region", "eu"))));
    } finally {
      await(upgraded.close());
    }
  }

  @Test
  void switchingFromSummariesToRowsKeepsTheSummariesSearched(Vertx vertx) {
    CassandraSpanStore summary = await(CassandraSpanStore.open(vertx, settings("summary"), new WeftMetrics()), 60);
    TraceId first = newTraceId();
    try {
      await(summary.write(List.of(tagged(span(first, 1, "GET", base), "region", "us"))));
    } finally {
      await(summary.close());
    }
    CassandraSpanStore rows = await(CassandraSpanStore.open(vertx, settings("rows"), new WeftMetrics()), 60);
    try {
      TraceId second = newTraceId();
      await(rows.write(List.of(tagged(span(second, 1, "GET", base + 10), "region", "us"))));
      assertEquals(List.of(second, first), ids(rows, query().withTags(Map.of("region", "us"))));
      assertEquals(List.of(), ids(rows, query().withTags(Map.of("region", "nowhere"))));
    } finally {
      await(rows.close());
    }
  }

  @Test
  void switchingToPacksAndBackKeepsEveryModesTracesSearched(Vertx vertx) {
    TraceId first = newTraceId();
    TraceId second = newTraceId();
    TraceId third = newTraceId();
    CassandraSpanStore summary = await(CassandraSpanStore.open(vertx, settings("summary"), new WeftMetrics()), 60);
    try {
      await(summary.write(List.of(tagged(span(first, 1, "GET", base), "region", "ap"))));
    } finally {
      await(summary.close());
    }
    CassandraSpanStore packed = await(CassandraSpanStore.open(vertx, settings("packed"), new WeftMetrics()), 60);
    try {
      await(packed.write(List.of(tagged(span(second, 1, "GET", base + 10), "region", "ap"))));
      assertEquals(List.of(second, first), ids(packed, query().withTags(Map.of("region", "ap"))));
      assertEquals(List.of(second, first), ids(packed, query().withOperation("GET")));
      assertEquals(List.of(), ids(packed, query().withTags(Map.of("region", "nowhere"))));
    } finally {
      await(packed.close());
    }
    CassandraSpanStore rows = await(CassandraSpanStore.open(vertx, settings("rows"), new WeftMetrics()), 60);
    try {
      await(rows.write(List.of(tagged(span(third, 1, "PUT", base + 20), "region", "ap"))));
      assertEquals(List.of(third, second, first), ids(rows, query().withTags(Map.of("region", "ap"))));
      assertEquals(List.of(second, first), ids(rows, query().withOperation("GET")));
    } finally {
      await(rows.close());
    }
  }

  /** What a version 5 writer stored: the chunk row, the service and tag index rows. */
  private static Future<Void> writeAsVersion5(CqlExecutor exec, CassandraSettings s, List<Span> spans) {
    String ks = s.keyspace();
    List<Future<Void>> writes = new ArrayList<>();
    TraceId id = spans.get(0).traceId();
    for (TraceChunk c : TraceChunk.of(spans)) {
      writes.add(exec.read(SimpleStatement.newInstance(String.format(InsertChunk.CQL, ks), Blobs.of(id), c.id(),
          c.startMicros(), c.spanCount(), ByteBuffer.wrap(c.blob()), s.ttlSeconds())).mapEmpty());
    }
    IndexRows.of(spans, s.buckets(), s.tagPolicy()).earliest.forEach((p, entries) -> entries.forEach((e, start) -> {
      SimpleStatement st = switch (p.table()) {
        case SERVICE -> SimpleStatement.newInstance(String.format(InsertIndexRow.SERVICE, ks), p.service(),
            p.bucket(), start, Blobs.of(id), s.ttlSeconds());
        case OPERATION -> SimpleStatement.newInstance(String.format(InsertIndexRow.OPERATION, ks), p.service(),
            p.a(), p.bucket(), start, Blobs.of(id), s.ttlSeconds());
        case TAG -> SimpleStatement.newInstance(String.format(InsertIndexRow.TAG, ks), p.service(), p.a(),
            p.bucket(), e.value(), start, Blobs.of(id), s.ttlSeconds());
        default -> null; // no duration searches here
      };
      if (st != null) {
        writes.add(exec.read(st).mapEmpty());
      }
    }));
    writes.add(exec.read(SimpleStatement.newInstance("INSERT INTO " + ks + ".service_names (service_name) VALUES (?)",
        spans.get(0).serviceName())).mapEmpty());
    return Future.all(writes).mapEmpty();
  }

  private CassandraSettings settings(String mode) {
    return CassandraTestNode.shared().settings(Map.of("cassandra.index.mode", mode, "cassandra.keyspace",
        "weft_modes_" + svc.substring("modes-".length())));
  }

  private Span span(TraceId t, long id, String op, long start) {
    return TestSpans.of(t, id, 0, svc, op).startTimeMicros(start).durationMicros(100).build();
  }

  private static Span tagged(Span s, String key, String value) {
    return s.toBuilder().tags(List.of(Tag.string(key, value))).build();
  }

  private TraceQuery query() {
    return TraceQuery.between(base - 3_600_000_000L, base + 3_600_000_000L, 20).withService(svc);
  }

  private static List<TraceId> ids(CassandraSpanStore store, TraceQuery q) {
    return await(store.findTraces(q)).stream().map(t -> t.get(0).traceId()).toList();
  }
}
