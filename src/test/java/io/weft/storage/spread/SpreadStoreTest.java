package io.weft.storage.spread;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.testing.TestSpans;
import io.weft.wire.SpanBatch;
import io.weft.wire.SpanBatchCodec;
import io.weft.storage.spread.SpreadMetrics;
import io.weft.wire.Addresses;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanStoreContract;
import io.weft.storage.TraceQuery;
import io.weft.storage.memory.MemorySpanStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In-memory storage spread over members, as a clustered node sees it: writes through
 * {@link TraceOwnerWriter} to the trace's owner, reads through {@link ScatterSpanReader} from every
 * member's {@link StoreService}. Three members' stores on one (local) event bus: the shared storage
 * contract must hold as for one store. The cluster itself is tested in separate JVMs (ClusterTest).
 */
@ExtendWith(VertxExtension.class)
class SpreadStoreTest extends SpanStoreContract {
  static Vertx vertx;
  static final SpreadMetrics METRICS = new SpreadMetrics(new WeftMetrics());
  static int run;

  @BeforeAll
  static void startVertx(Vertx v) {
    vertx = v;
    vertx.eventBus().registerDefaultCodec(SpanBatch.class, new SpanBatchCodec());
  }

  /** Members m1..m3 of this test (fresh ids, fresh stores); the writer is m1's. */
  record Spread(List<String> ids, List<MemorySpanStore> stores, TraceOwnerWriter writer, ScatterSpanReader reader) {}

  static Spread spread(List<String> readFrom, long timeoutMs) throws Exception {
    run++;
    List<String> ids = List.of("r" + run + "m1", "r" + run + "m2", "r" + run + "m3");
    List<MemorySpanStore> stores = new ArrayList<>();
    for (String id : ids) {
      MemorySpanStore s = new MemorySpanStore(10_000);
      stores.add(s);
      await(StoreService.register(vertx, id, s, io.weft.traceql.Query::parse));
    }
    TraceOwnerWriter writer = new TraceOwnerWriter(vertx, ids.get(0), stores.get(0), METRICS, timeoutMs);
    writer.owners(ids);
    List<String> members = new ArrayList<>(ids);
    members.addAll(readFrom);
    return new Spread(ids, stores, writer, new ScatterSpanReader(vertx, () -> members, timeoutMs, METRICS));
  }

  @Override
  protected SpanStore createStore() throws Exception {
    return store(spread(List.of(), 5000));
  }

  /** The spread as one store: writes through m1's owner writer, reads scattered over every member. */
  static SpanStore store(Spread s) {
    return new SpanStore() {
      public Future<Void> write(List<Span> spans) {
        return s.writer().write(spans);
      }

      public Future<Void> writeLinksOnly(List<Span> spans) {
        return s.writer().writeLinksOnly(spans);
      }

      public Future<List<Span>> getTrace(TraceId id) {
        return s.reader().getTrace(id);
      }

      public Future<List<String>> getServices() {
        return s.reader().getServices();
      }

      public Future<List<Operation>> getOperations(String service, String kind) {
        return s.reader().getOperations(service, kind);
      }

      public Future<List<List<Span>>> findTraces(TraceQuery q) {
        return s.reader().findTraces(q);
      }

      public Future<List<DependencyLink>> getDependencies(long end, long lookback) {
        return s.reader().getDependencies(end, lookback);
      }

      public Future<List<TraceId>> traceIdsStartedIn(long from, long to) {
        return s.reader().traceIdsStartedIn(from, to);
      }

      public Future<io.weft.storage.ScanResult> scanTraces(io.weft.storage.TraceScan scan) {
        return s.reader().scanTraces(scan);
      }
    };
  }

  private static Span span(TraceId t, long id, long parent, String service, long start) {
    return TestSpans.of(t, id, parent, service, "op-" + id).startTimeMicros(start).durationMicros(10).build();
  }

  @Test
  void tracesAreWholeOnTheirOwnerAndSpreadOverMembers() throws Exception {
    Spread s = spread(List.of(), 5000);
    long now = System.currentTimeMillis() * 1000;
    List<Span> batch = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      TraceId t = new TraceId(i, i * 7919L);
      batch.add(span(t, 1, 0, "front", now));
      batch.add(span(t, 2, 1, "back", now + 1));
    }
    await(s.writer().write(batch));
    for (MemorySpanStore m : s.stores()) {
      assertTrue(m.traceCount() > 5, "every member owns a share: " + m.traceCount());
      assertEquals(2L * m.traceCount(), m.spanCount(), "traces are whole on their owner");
    }
    assertEquals(List.of(new DependencyLink("front", "back", 60)), await(s.reader().getDependencies(now + 10, 1_000_000)));
  }

  @Test
  void linksOnlyWritesGoToTheTraceOwner() throws Exception {
    Spread s = spread(List.of(), 5000);
    long now = System.currentTimeMillis() * 1000;
    List<Span> batch = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      TraceId t = new TraceId(i, i * 7919L);
      batch.add(span(t, 1, 0, "front", now));
      batch.add(span(t, 2, 1, "back", now + 1));
    }
    await(s.writer().writeLinksOnly(batch.stream().filter(x -> x.parentSpanId() != 0).toList())); // children first
    await(s.writer().writeLinksOnly(batch.stream().filter(x -> x.parentSpanId() == 0).toList()));
    int total = 0;
    for (MemorySpanStore m : s.stores()) {
      assertTrue(m.linksOnlyTraceCount() > 5, "every member records its share: " + m.linksOnlyTraceCount());
      assertEquals(0, m.traceCount(), "no span stored");
      total += m.linksOnlyTraceCount();
    }
    assertEquals(60, total, "each trace on one member, its owner, so its two calls were linked");
    assertEquals(List.of(new DependencyLink("front", "back", 60)), await(s.reader().getDependencies(now + 10, 1_000_000)));
  }

  @Test
  void aSplitTraceIsMergedAndAnotherSpanOnceOnly() throws Exception {
    Spread s = spread(List.of(), 5000);
    long now = System.currentTimeMillis() * 1000;
    TraceId t = new TraceId(0, 42);
    Span root = span(t, 1, 0, "front", now);
    await(s.stores().get(0).write(List.of(root, span(t, 2, 1, "back", now + 1))));
    await(s.stores().get(2).write(List.of(root, span(t, 3, 1, "db", now + 2)))); // the root twice: a retried forward
    assertEquals(3, await(s.reader().getTrace(t)).size());
    // Found from the member holding the matching span, returned whole.
    List<List<Span>> found = await(s.reader().findTraces(new TraceQuery("db", null, Map.of(), 0, 0, 0, 0, 10)));
    assertEquals(1, found.size());
    assertEquals(3, found.get(0).size());
  }

  @Test
  void aMemberThatDoesNotAnswerIsLeftOut() throws Exception {
    String silent = "silent-" + run;
    vertx.eventBus().consumer(Addresses.storeRead(silent), msg -> { }); // never replies
    Spread s = spread(List.of(silent), 300);
    TraceId t = new TraceId(0, 7);
    await(s.writer().write(List.of(span(t, 1, 0, "front", System.currentTimeMillis() * 1000))));
    long t0 = System.nanoTime();
    assertEquals(List.of("front"), await(s.reader().getServices()));
    assertEquals(1, await(s.reader().getTrace(t)).size());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "bounded by the query timeout");
  }

  @Test
  void aForwardThatFailsIsStoredLocally() throws Exception {
    Spread s = spread(List.of(), 300);
    s.writer().owners(List.of(s.ids().get(0), "gone-" + run)); // a member that no longer exists
    List<Span> batch = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      batch.add(span(new TraceId(0, 1000 + i), 1, 0, "front", System.currentTimeMillis() * 1000));
    }
    await(s.writer().write(batch));
    assertEquals(20, s.stores().get(0).traceCount(), "nothing lost");
  }
}
