package io.weft.storage.cold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanStore;
import io.weft.testing.TestSpans;
import io.weft.traceql.QueryLanguageContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The query-language suite over "hot + cold" ({@link TieredTestStore}): the fixture's traces "deep" and
 * "wide" start before the handoff's cut and are read from cold blocks, "linked" and "quiet" stay hot, so
 * every query scans both tiers. Subclasses give the object store (a folder, a real S3 API).
 */
abstract class ColdQueryLanguageContract extends QueryLanguageContract {
  private static final long MS = 1000;
  private Vertx vertx;
  private ColdStore cold;
  private TieredTestStore tiered;

  protected abstract ObjectStore objects(WorkerExecutor workers);

  @Override
  protected SpanStore createStore() {
    vertx = Vertx.vertx();
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("weft-cold-ql-test", 4);
    String prefix = "ql" + Long.toHexString(System.nanoTime()) + "/";
    cold = await(ColdStore.open(vertx, TieredStoreContract.settings(Map.of("cold.prefix", prefix)), objects(workers),
        workers, new WeftMetrics()));
    // The fixture's base (its first trace's start) is taken right after this, from the clock's second:
    // not close to the next second, the first two traces (base, base + 1 s) go cold, the others stay hot.
    while (System.currentTimeMillis() % 1000 > 800) {
      Thread.onSpinWait();
    }
    long base = (System.currentTimeMillis() / 1000 - 1800) * 1_000_000L;
    tiered = new TieredTestStore(cold, base + 1500 * MS);
    return tiered;
  }

  @Override
  protected void destroyStore(SpanStore s) {
    await(cold.close().eventually(() -> vertx.close()));
  }

  @Test
  void theFixtureLiesOnBothSidesOfTheHandoff() {
    assertFalse(tiered.isHot(f.id("deep")), "deep was handed off and expired from the hot store");
    assertFalse(tiered.isHot(f.id("wide")));
    assertTrue(tiered.isHot(f.id("linked")));
    assertTrue(tiered.isHot(f.id("quiet")));
    assertFalse(cold.blocks.visible().isEmpty(), "blocks were written");
  }

  @Test
  void aTraceSplitAcrossTheHandoffIsFoundByEitherPartAndReturnedWhole() {
    TraceId id = TestSpans.newTraceId();
    String svc = f.svc("split");
    Span root = TestSpans.of(id, 1, 0, svc, "split-root").startTimeMicros(f.base + 500 * MS).durationMicros(10 * MS)
        .build();
    Span late = TestSpans.of(id, 2, 1, svc, "split-late").startTimeMicros(f.base + 5000 * MS).durationMicros(MS)
        .tags(List.of(Tag.string("late", "yes"))).build();
    await(tiered.write(List.of(root)));
    await(tiered.write(List.of(late)));
    assertTrue(tiered.isHot(id), "the late span stayed hot");
    for (String q : List.of("{ span.late = \"yes\" && resource.service.name = \"" + svc + "\" }",
        "{ name = \"split-root\" && resource.service.name = \"" + svc + "\" }")) {
      ScanResult r = scan(q);
      assertFalse(r.isPartial(), r.partial());
      assertEquals(1, r.traces().size(), q);
      List<Span> t = r.traces().get(0);
      assertEquals(id, t.get(0).traceId());
      assertEquals(2, t.size(), q + ": the cold root and the hot late span together");
    }
  }

  @Test
  void aScanBudgetSharedByBothTiersMakesTheAnswerPartial() {
    io.weft.traceql.Query q = io.weft.traceql.Query.parse("{ status = error }");
    ScanResult r = await(store.scanTraces(new io.weft.storage.TraceScan(
        q.candidates().toTraceQuery(f.base - 3_600_000_000L, f.base + 3_600_000_000L, 10), q, 1)));
    assertTrue(r.isPartial(), "deep and wide (cold) match: one candidate tested there");
    assertTrue(r.partial().contains("cold-storage scan"), r.partial());
  }
}
