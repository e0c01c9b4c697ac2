package io.weft.storage.memory;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanStoreContract;
import io.weft.storage.TraceQuery;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class MemorySpanStoreTest extends SpanStoreContract {

  @Override
  protected SpanStore createStore() {
    return new MemorySpanStore(10_000);
  }

  /** An ingester's record value becomes the trace's chunk as it is: indexed, not encoded again. */
  @Test
  void keepsAnEncodedTraceAsItsMessage() {
    MemorySpanStore mem = new MemorySpanStore(10);
    TraceId t = newTraceId();
    Span a = span(t, 1, 0, "api", "op", base, 10);
    Span b = span(t, 2, 1, "db", "query", base + 1, 5);
    io.weft.wire.EncodedTrace first = encoded(a, b);
    await(mem.writeEncoded(List.of(first)));
    assertSame(first.message(), mem.chunks(t)[0]);
    // A message holding a span already stored: only the new span is kept, encoded afresh.
    Span c = span(t, 3, 1, "db", "query", base + 2, 5);
    io.weft.wire.EncodedTrace second = encoded(b, c);
    await(mem.writeEncoded(List.of(second)));
    byte[][] chunks = mem.chunks(t);
    assertEquals(2, chunks.length);
    assertEquals(List.of(c), io.weft.wire.SpanBinaryCodec.decode(chunks[1]));
    assertEquals(3, mem.spanCount());
    assertEquals(List.of(t), traceIds(await(mem.findTraces(query("db").build()))));
  }

  @Test
  void evictsTheTraceThatArrivedFirst() {
    MemorySpanStore mem = new MemorySpanStore(3);
    List<TraceId> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(newTraceId());
    }
    await(mem.write(List.of(span(ids.get(0), 1, 0, "api", "op", base + 50, 10))));
    await(mem.write(List.of(span(ids.get(1), 1, 0, "api", "op", base + 10, 10))));
    await(mem.write(List.of(span(ids.get(2), 1, 0, "api", "op", base + 20, 10))));
    // a late span does not make the first trace any younger
    await(mem.write(List.of(span(ids.get(0), 2, 1, "api", "op", base + 51, 10))));
    assertEquals(0, mem.evictedTraces());
    await(mem.write(List.of(span(ids.get(3), 1, 0, "api", "op", base + 30, 10),
        span(ids.get(3), 2, 1, "db", "op", base + 31, 10))));

    assertEquals(1, mem.evictedTraces());
    assertEquals(3, mem.traceCount());
    assertEquals(4, mem.spanCount());
    assertEquals(List.of(), await(mem.getTrace(ids.get(0))));
    assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1)),
        traceIds(await(mem.findTraces(query("api").build()))));
  }

  @Test
  void countsSpansOnceWhenRewritten() {
    MemorySpanStore mem = new MemorySpanStore(10);
    TraceId t = newTraceId();
    Span a = span(t, 1, 0, "api", "op", base, 10);
    await(mem.write(List.of(a, a)));
    await(mem.write(List.of(a)));
    assertEquals(1, mem.spanCount());
    assertEquals(1, mem.traceCount());
  }

  /**
   * Dedupe compares whole spans: pieces of one span that differ only in a tag value (same id, timing,
   * name and number of tags: the same cheap key) are both kept, and each written again, as spans or as
   * an ingester's messages (binary tags compared by content), is kept once.
   */
  @Test
  void spansDifferingOnlyInATagValueAreBothKeptEachOnce() {
    MemorySpanStore mem = new MemorySpanStore(10);
    TraceId t = newTraceId();
    Span a = span(t, 1, 0, "api", "op", base, 10).toBuilder()
        .tags(List.of(Tag.string("piece", "1"), Tag.binary("raw", new byte[] {1, 2}))).build();
    Span b = a.toBuilder().tags(List.of(Tag.string("piece", "2"), Tag.binary("raw", new byte[] {1, 2}))).build();
    await(mem.write(List.of(a)));
    await(mem.write(List.of(b, a)));
    await(mem.writeEncoded(List.of(encoded(a, b), encoded(b))));
    await(mem.write(List.of(a.toBuilder().tags(List.of(Tag.string("piece", "1"), Tag.binary("raw", new byte[] {1, 2})))
        .build())));
    assertEquals(2, mem.spanCount());
    assertSameSpans(List.of(a, b), await(mem.getTrace(t)));
  }

  @Test
  void manySmallWritesReadBackInArrivalOrder() {
    MemorySpanStore mem = new MemorySpanStore(10);
    TraceId t = newTraceId();
    List<Span> spans = new ArrayList<>();
    for (int i = 1; i <= 70; i++) {
      Span s = tagged(span(t, i, i == 1 ? 0 : 1, "svc" + (i % 3), "op" + (i % 4), base + i, 10),
          Tag.string("http.url", "/items/" + i), Tag.string("component", "vertx-web"));
      spans.add(s);
      await(mem.write(List.of(s))); // small chunks get merged along the way
    }
    assertEquals(spans, await(mem.getTrace(t)));
    assertEquals(70, mem.spanCount());
    assertEquals(List.of(t), traceIds(await(mem.findTraces(query("svc2").operation("op3").build()))));
  }

  @Test
  void concurrentWritersAndReadersWithoutEviction() throws Exception {
    MemorySpanStore mem = new MemorySpanStore(1_000_000);
    List<List<Span>> traces = runConcurrently(mem, 4, 500);
    assertEquals(traces.size(), mem.traceCount());
    assertEquals(traces.stream().mapToLong(List::size).sum(), mem.spanCount());
    assertEquals(0, mem.evictedTraces());
    for (List<Span> t : traces) {
      assertSameSpans(t, await(mem.getTrace(t.get(0).traceId())));
    }
  }

  @Test
  void concurrentWritersAndReadersWithEviction() throws Exception {
    checkConcurrentEviction(new MemorySpanStore(300));
  }

  /** Buckets of 100 µs: traces spread over many, and most move when their root arrives. */
  @Test
  void concurrentWritersAndReadersWithEvictionInFineBuckets() throws Exception {
    MemorySpanStore mem = new MemorySpanStore(300, 100);
    checkConcurrentEviction(mem);
    assertTrue(mem.indexShape()[0] <= 300, "a bucket per live trace at most: " + mem.indexShape()[0]);
  }

  private void checkConcurrentEviction(MemorySpanStore mem) throws Exception {
    List<List<Span>> traces = runConcurrently(mem, 4, 500);
    assertEquals(300, mem.traceCount());
    // A writer held up between two writes of its trace may see it evicted and started afresh.
    assertTrue(mem.evictedTraces() >= traces.size() - 300, "evicted " + mem.evictedTraces());
    long held = 0;
    int present = 0;
    for (List<Span> t : traces) {
      List<Span> got = await(mem.getTrace(t.get(0).traceId()));
      if (!got.isEmpty()) {
        present++;
        held += got.size();
        assertEquals(got.size(), new HashSet<>(got).size(), "no duplicates");
        assertTrue(t.containsAll(got), "only written spans");
      }
    }
    assertEquals(300, present);
    assertEquals(held, mem.spanCount());
    TraceQuery all = new TraceQuery(null, null, null, 0, 0, 0, 0, 10_000);
    assertEquals(300, await(mem.findTraces(all)).size());
  }

  @Test
  void traceWhoseStartMovesToAnEarlierBucketIsFoundOnceInOrder() {
    MemorySpanStore mem = new MemorySpanStore(100, 1000); // 1 ms buckets
    TraceId a = newTraceId();
    TraceId b = newTraceId();
    TraceId c = newTraceId();
    await(mem.write(List.of(span(a, 1, 0, "api", "op", base + 5000, 10))));
    await(mem.write(List.of(span(b, 1, 0, "api", "op", base + 3000, 10))));
    await(mem.write(List.of(span(c, 1, 0, "api", "op", base + 1000, 10))));
    // a's new root is earlier than c: a leaves its bucket for an earlier one
    await(mem.write(List.of(span(a, 0, 0, "web", "root", base + 500, 10_000))));

    assertEquals(List.of(b, c, a), traceIds(await(mem.findTraces(query("api").build()))));
    assertEquals(List.of(b, c), traceIds(await(mem.findTraces(query("api").limit(2).build()))));
    assertEquals(List.of(a), traceIds(await(mem.findTraces(query("web").build()))));
    assertEquals(List.of(c, a), traceIds(await(mem.findTraces(query("api").start(base, base + 2000).build()))));
    assertEquals(List.of(), traceIds(await(mem.findTraces(query("api").start(base + 4000, base + 6000).build()))));
    TraceQuery everyService = new TraceQuery(null, null, null, base, base + 10_000, 0, 0, 10);
    assertEquals(List.of(b, c, a), traceIds(await(mem.findTraces(everyService))));
    // the bucket a left was emptied and dropped
    assertEquals(3, mem.indexShape()[0]);
    assertEquals(3, mem.indexShape()[1]);
  }

  @Test
  void evictionDropsEmptiedBucketsAndLeftReferences() {
    MemorySpanStore spread = new MemorySpanStore(50, 1000); // ten traces per 1 ms bucket
    for (int i = 0; i < 2000; i++) {
      TraceId t = newTraceId();
      await(spread.write(List.of(span(t, 2, 1, "db", "q", base + i * 100L + 5, 1),
          span(t, 1, 0, "api", "op", base + i * 100L, 10))));
    }
    assertEquals(50, spread.traceCount());
    assertTrue(spread.indexShape()[0] <= 6, "buckets " + spread.indexShape()[0]);
    assertTrue(spread.indexShape()[1] <= 60, "references " + spread.indexShape()[1]);
    assertEquals(50, await(spread.findTraces(query("db").limit(1000).build())).size());

    MemorySpanStore one = new MemorySpanStore(50); // every trace in the same bucket
    List<TraceId> ids = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      TraceId t = newTraceId();
      ids.add(t);
      await(one.write(List.of(span(t, 1, 0, "api", "op", base, 10))));
    }
    assertEquals(1, one.indexShape()[0]);
    assertTrue(one.indexShape()[1] < 2 * 50 + 4, "references " + one.indexShape()[1]);
    List<TraceId> last = new ArrayList<>(ids.subList(ids.size() - 50, ids.size()));
    last.sort(null); // same start: by trace id
    assertEquals(last, traceIds(await(one.findTraces(query("api").limit(1000).build()))));
  }

  @Test
  void concurrentWritesOfOneTraceKeepEachSpanOnce() throws Exception {
    MemorySpanStore mem = new MemorySpanStore(10);
    TraceId t = newTraceId();
    List<Span> spans = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      spans.add(span(t, i, i == 1 ? 0 : 1, "svc" + (i % 5), "op" + i, base + i, 10));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    for (int w = 0; w < 4; w++) {
      int seed = w;
      pool.submit(() -> {
        go.await();
        Random r = new Random(seed);
        for (int i = 0; i < 100; i++) {
          // overlapping random slices: every span gets written several times
          int from = r.nextInt(spans.size());
          await(mem.write(spans.subList(from, Math.min(spans.size(), from + 1 + r.nextInt(20)))));
        }
        await(mem.write(spans));
        return null;
      });
    }
    go.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    assertSameSpans(spans, await(mem.getTrace(t)));
    assertEquals(200, mem.spanCount());
  }

  /**
   * Writers store {@code perWriter} traces each (three writes per trace, as three services would
   * send them) while readers search, read and compute dependencies. Returns the written traces.
   */
  private List<List<Span>> runConcurrently(MemorySpanStore mem, int writers, int perWriter) throws Exception {
    ConcurrentLinkedQueue<List<Span>> written = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    CountDownLatch done = new CountDownLatch(writers);
    for (int w = 0; w < writers; w++) {
      int seed = w;
      pool.submit(() -> {
        try {
          Random r = new Random(seed);
          for (int i = 0; i < perWriter; i++) {
            List<Span> trace = typicalTrace(r, base + r.nextInt(1_000_000));
            await(mem.write(trace.subList(7, 10)));
            await(mem.write(trace.subList(0, 3)));
            await(mem.write(trace.subList(3, 7)));
            written.add(trace);
          }
        } catch (Throwable e) {
          failures.add(e);
        } finally {
          done.countDown();
        }
      });
    }
    for (int rd = 0; rd < 2; rd++) {
      pool.submit(() -> {
        try {
          while (writing.get()) {
            await(mem.findTraces(query("frontend").tag("http.method", "GET").limit(50).build()));
            await(mem.getDependencies(base + 2_000_000, 3_600_000_000L));
            await(mem.getOperations(svc("backend"), "server"));
            List<Span> some = written.peek();
            if (some != null) {
              await(mem.getTrace(some.get(0).traceId()));
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
    }
    assertTrue(done.await(120, TimeUnit.SECONDS), "writers finished");
    writing.set(false);
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    if (!failures.isEmpty()) {
      throw new AssertionError("concurrent call failed", failures.peek());
    }
    return new ArrayList<>(written);
  }

  /**
   * Ten spans over three services, each with a parent ref, five string tags, a service and an
   * operation: the "typical span" of the memory budget.
   */
  private List<Span> typicalTrace(Random r, long start) {
    TraceId t = new TraceId(r.nextLong(), r.nextLong());
    String[] services = {"frontend", "frontend", "frontend", "backend", "backend", "backend", "backend",
        "db", "db", "db"};
    List<Span> spans = new ArrayList<>(10);
    long[] ids = new long[10];
    for (int i = 0; i < 10; i++) {
      ids[i] = r.nextLong();
      int parent = i == 0 ? -1 : (i < 3 ? 0 : i < 7 ? 2 : 5);
      String method = r.nextInt(4) == 0 ? "POST" : "GET";
      spans.add(Span.builder()
          .traceId(t)
          .spanId(ids[i])
          .operationName(method + " /api/" + services[i] + "/op" + r.nextInt(15))
          .references(parent < 0 ? List.of() : List.of(SpanRef.childOf(t, ids[parent])))
          .startTimeMicros(start + i * 137L)
          .durationMicros(500 + r.nextInt(100_000))
          .kind(i % 2 == 0 ? SpanKind.SERVER : SpanKind.CLIENT)
          .tags(List.of(
              Tag.string("http.method", method),
              Tag.string("http.url", "https://" + services[i] + ".internal/api/v1/items/" + r.nextInt(100_000)),
              Tag.string("http.status_code", r.nextInt(20) == 0 ? "500" : "200"),
              Tag.string("component", "vertx-web"),
              Tag.string("net.peer.name", "10.0." + r.nextInt(4) + "." + r.nextInt(256))))
          .process(new Process(svc(services[i]), List.of()))
          .build());
    }
    return spans;
  }

  /**
   * Heap per stored span for typical spans. Run it on its own (it prints, and never fails on the
   * number): mvn -B -q -o test -Dtest=MemorySpanStoreTest#heapPerSpan -Dweft.measureHeap=true
   */
  /**
   * Heap per stored span for typical spans. Run it on its own (it prints, and never fails on the
   * number): mvn -B -q -o test -Dtest=MemorySpanStoreTest#heapPerSpan -Dweft.measureHeap=true
   * Optional: -Dweft.measureHeap.traces=100000 (ten spans each), -Dweft.measureHeap.spansPerWrite=1
   * (each span written alone, the worst case, instead of one service's spans per trace together).
   */
  @Test
  @EnabledIfSystemProperty(named = "weft.measureHeap", matches = "true")
  void heapPerSpan() {
    int traceCount = Integer.getInteger("weft.measureHeap.traces", 20_000);
    boolean single = Integer.getInteger("weft.measureHeap.spansPerWrite", 0) == 1;
    long before = usedHeapAfterGc();
    MemorySpanStore mem = new MemorySpanStore(traceCount);
    Random r = new Random(1);
    // Batches as SDKs send them: one service's spans of many traces at a time.
    for (int batch = 0; batch < traceCount / 50; batch++) {
      List<Span> frontend = new ArrayList<>();
      List<Span> backend = new ArrayList<>();
      List<Span> db = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        List<Span> trace = typicalTrace(r, base + batch * 1_000_000L + i * 1000L);
        db.addAll(trace.subList(7, 10));
        backend.addAll(trace.subList(3, 7));
        frontend.addAll(trace.subList(0, 3));
      }
      for (List<Span> spans : List.of(db, backend, frontend)) {
        if (single) {
          spans.forEach(s -> await(mem.write(List.of(s))));
        } else {
          await(mem.write(spans));
        }
      }
    }
    long after = usedHeapAfterGc();
    long spans = mem.spanCount();
    System.out.printf("MemorySpanStore heap (%s): %d traces, %d spans, %.1f MB, %.1f bytes/span; encoded %s%n",
        single ? "one span per write" : "per-service batches", mem.traceCount(), spans,
        (after - before) / 1e6, (after - before) / (double) spans, encodedBytesPerSpan());
    assertEquals(traceCount * 10L, spans);
  }

  private String encodedBytesPerSpan() {
    Random r = new Random(2);
    long single = 0;
    long perService = 0;
    for (int i = 0; i < 1000; i++) {
      List<Span> t = typicalTrace(r, base);
      for (Span s : t) {
        single += io.weft.wire.SpanBinaryCodec.encode(s).length;
      }
      perService += io.weft.wire.SpanBinaryCodec.encode(t.subList(0, 3)).length
          + io.weft.wire.SpanBinaryCodec.encode(t.subList(3, 7)).length
          + io.weft.wire.SpanBinaryCodec.encode(t.subList(7, 10)).length;
    }
    return String.format("%.1f bytes/span alone, %.1f in per-service chunks", single / 10_000.0, perService / 10_000.0);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
