package io.weft.storage.cold;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceQuery;
import io.weft.storage.memory.MemorySpanStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold reader against the memory store on the same 3,000 random traces, spread over several blocks of
 * many pages and row groups: every read (by id, search by each kind of condition, services, operations,
 * dependencies) must answer alike.
 */
@ExtendWith(VertxExtension.class)
class ColdReaderDifferentialTest {
  static final long HOUR = 3_600_000_000L;
  static final String[] SERVICES = {"web", "api", "db", "cache", "queue"};
  static Vertx vertx;
  static ColdStore cold;
  static MemorySpanStore memory;
  static List<List<Span>> traces = new ArrayList<>();
  static long base;
  @TempDir
  static Path dir;

  @BeforeAll
  static void build(Vertx v) {
    vertx = v;
    base = (System.currentTimeMillis() / 1000 - 3 * 3600) * 1_000_000L;
    Random r = new Random(42);
    memory = new MemorySpanStore(100_000);
    List<EncodedTrace> encoded = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      List<Span> t = trace(r, base + (long) (r.nextDouble() * HOUR));
      traces.add(t);
      await(memory.write(t));
      encoded.add(EncodedTrace.of(t));
    }
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("weft-cold-diff", 4);
    cold = await(ColdStore.open(vertx, TieredStoreContract.settings(Map.of()), new LocalObjectStore(dir, workers),
        workers, new WeftMetrics()));
    List<List<EncodedTrace>> parts = Handoff.split(encoded, 6000);
    assertTrue(parts.size() >= 4, "several blocks: " + parts.size());
    for (int i = 0; i < parts.size(); i++) {
      await(cold.build(Handoff.blockId(base, base + HOUR, i), base, base + HOUR, 0, List.of(), parts.get(i))
          .compose(cold::commit));
    }
    await(cold.refresh());
    assertEquals(parts.size(), cold.blocks.visible().size());
  }

  @AfterAll
  static void close() {
    await(cold.close());
  }

  static List<Span> trace(Random r, long start) {
    TraceId id = new TraceId(r.nextInt(4) == 0 ? 0 : r.nextLong(), r.nextLong());
    int n = 1 + r.nextInt(12);
    List<Span> spans = new ArrayList<>();
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = r.nextLong();
      String service = SERVICES[r.nextInt(SERVICES.length)];
      List<Tag> tags = new ArrayList<>();
      for (int k = r.nextInt(4); k > 0; k--) {
        tags.add(r.nextBoolean() ? Tag.string("k" + r.nextInt(4), "v" + r.nextInt(8)) : Tag.int64("n", r.nextInt(5)));
      }
      spans.add(Span.builder().traceId(id).spanId(ids[i]).operationName("op" + r.nextInt(6))
          .references(i == 0 ? List.of() : List.of(SpanRef.childOf(id, ids[r.nextInt(i)])))
          .startTimeMicros(start + (i == 0 ? 0 : 1 + r.nextInt(5_000_000))).durationMicros(r.nextInt(2_000_000))
          .kind(SpanKind.values()[r.nextInt(SpanKind.values().length)])
          .status(r.nextInt(10) == 0 ? StatusCode.ERROR : StatusCode.UNSET, "")
          .tags(tags).process(new Process(service, List.of(Tag.string("host", "h" + r.nextInt(3))))).build());
    }
    return spans;
  }

  @Test
  void tracesByIdAreTheSame() {
    Random r = new Random(7);
    for (int i = 0; i < 300; i++) {
      TraceId id = traces.get(r.nextInt(traces.size())).get(0).traceId();
      assertSame(await(memory.getTrace(id)), await(cold.reader().getTrace(id)));
    }
    for (int i = 0; i < 100; i++) {
      assertEquals(List.of(), await(cold.reader().getTrace(new TraceId(r.nextLong(), r.nextLong()))));
    }
  }

  @Test
  void searchesFindTheSameTracesInTheSameOrder() {
    Random r = new Random(11);
    for (int i = 0; i < 150; i++) {
      String service = r.nextInt(5) == 0 ? null : SERVICES[r.nextInt(SERVICES.length)];
      Map<String, String> tags = new HashMap<>();
      if (r.nextBoolean()) {
        tags.put("k" + r.nextInt(4), "v" + r.nextInt(8));
      }
      if (r.nextInt(4) == 0) {
        tags.put(r.nextBoolean() ? "error" : "host", r.nextBoolean() ? "true" : "h" + r.nextInt(3));
      }
      long from = r.nextBoolean() ? 0 : base + (long) (r.nextDouble() * HOUR);
      long to = r.nextBoolean() ? 0 : from + (long) (r.nextDouble() * HOUR);
      TraceQuery q = new TraceQuery(service, r.nextInt(3) == 0 && service != null ? "op" + r.nextInt(6) : null, tags,
          from, to, r.nextInt(3) == 0 ? r.nextInt(1_000_000) : 0, r.nextInt(4) == 0 ? 1_000_000 + r.nextInt(999_999) : 0,
          1 + r.nextInt(r.nextBoolean() ? 10 : 400));
      List<List<Span>> expected = await(memory.findTraces(q));
      List<List<Span>> actual = await(cold.reader().findTraces(q));
      assertEquals(ids(expected), ids(actual), q.toString());
      for (int t = 0; t < expected.size(); t++) {
        assertSame(expected.get(t), actual.get(t));
      }
    }
  }

  @Test
  void servicesOperationsAndDependenciesAreTheSame() {
    assertEquals(await(memory.getServices()), await(cold.reader().getServices()));
    for (String s : SERVICES) {
      for (String kind : new String[] {null, "server", "client", ""}) {
        assertEquals(await(memory.getOperations(s, kind)), await(cold.reader().getOperations(s, kind)), s + " " + kind);
      }
    }
    Random r = new Random(3);
    for (int i = 0; i < 40; i++) {
      long from = (base / 1_000_000 + r.nextInt(3600)) * 1_000_000L;
      long to = from + r.nextInt(3600) * 1_000_000L + 999_999;
      assertEquals(sorted(await(memory.getDependencies(to, to - from))),
          sorted(await(cold.reader().getDependencies(to, to - from))));
    }
  }

  private static List<String> sorted(List<io.weft.model.DependencyLink> links) {
    return links.stream().map(Object::toString).sorted().toList();
  }

  private static List<TraceId> ids(List<List<Span>> traces) {
    return traces.stream().map(t -> t.get(0).traceId()).toList();
  }

  private static void assertSame(List<Span> expected, List<Span> actual) {
    Comparator<Span> order = Comparator.comparing(Span::toString);
    assertEquals(expected.stream().sorted(order).toList(), actual.stream().sorted(order).toList());
    if (!expected.isEmpty()) {
      assertEquals(SpanMatcher.traceStart(expected), SpanMatcher.traceStart(actual));
    }
  }
}
