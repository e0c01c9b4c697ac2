package io.weft.storage.cold;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.PartialResult;
import io.weft.storage.SpanStore;
import io.weft.storage.SpanStoreContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared storage suite over "hot + cold" ({@link TieredTestStore}): traces starting before
 * {@code base + 15 s} are handed off to blocks and dropped from the hot store, later ones stay hot, so
 * each test reads both tiers. Subclasses give the object store (a folder, a real S3 API).
 */
public abstract class TieredStoreContract extends SpanStoreContract {
  static final long SECOND = 1_000_000L;

  protected abstract Vertx vertx();

  protected abstract ObjectStore objects(WorkerExecutor workers);

  /** This test's key prefix, so tests sharing a bucket or folder never see each other's blocks. */
  private String keyPrefix;
  protected ColdStore cold;
  protected TieredTestStore tiered;

  @Override
  protected SpanStore createStore() {
    keyPrefix = "t" + Long.toHexString(System.nanoTime()) + "/";
    WorkerExecutor workers = vertx().createSharedWorkerExecutor("weft-cold-test", 4);
    cold = await(ColdStore.open(vertx(), settings(Map.of("cold.prefix", keyPrefix)), objects(workers), workers,
        new WeftMetrics()));
    tiered = new TieredTestStore(cold, cut());
    return tiered;
  }

  /** Where the handoff stands in these tests: traces starting earlier are cold. */
  protected long cut() {
    return base + 15 * SECOND;
  }

  static ColdSettings settings(Map<String, String> extra) {
    Map<String, String> o = new java.util.HashMap<>(Map.of("cold.type", "local", "cold.poll-interval", "1h"));
    o.putAll(extra);
    return ColdSettings.from(WeftConfig.defaults().with(o));
  }

  @Override
  protected void destroyStore(SpanStore store) {
    await(cold.close());
  }

  @Override
  protected boolean listsTracesByStart() {
    return false;
  }

  @Test
  void tracesOnBothSidesOfTheHandoffAreFoundTogether() {
    TraceId coldOne = newTraceId();
    TraceId hotOne = newTraceId();
    Span c = span(coldOne, 1, 0, "api", "op", base + SECOND, 100);
    Span h = span(hotOne, 1, 0, "api", "op", base + 20 * SECOND, 100);
    write(c, h);
    assertEquals(1, tiered.hotSpanCount(), "the earlier trace left the hot store");
    assertTrue(cold.blocks.visible().stream().mapToLong(BlockMeta::spans).sum() >= 1, "and is in a block");
    assertEquals(List.of(hotOne, coldOne), traceIds(find(query("api").build())));
    assertSameSpans(List.of(c), trace(coldOne));
    assertSameSpans(List.of(h), trace(hotOne));
    assertEquals(List.of(svc("api")), await(store.getServices()).stream().filter(x -> x.startsWith(prefix)).toList());
  }

  @Test
  void traceSplitAcrossTheBoundaryIsAssembledWhole() {
    TraceId t = newTraceId();
    Span root = tagged(span(t, 1, 0, "frontend", "root", base + SECOND, 30 * SECOND), Tag.string("k", "v"));
    Span early = span(t, 2, 1, "backend", "early", base + 2 * SECOND, 100);
    write(root, early); // handed off: its start is before the cut
    Span late = span(t, 3, 1, "db", "late", base + 25 * SECOND, 100);
    write(late); // arrives after: stays hot, alone there (its own start is after the cut)
    assertEquals(1, tiered.hotSpanCount());

    assertSameSpans(List.of(root, early, late), trace(t));
    // found by a span on either side, and returned whole either way
    List<List<Span>> byHot = find(query("db").build());
    assertEquals(List.of(t), traceIds(byHot));
    assertSameSpans(List.of(root, early, late), byHot.get(0));
    List<List<Span>> byCold = find(query("frontend").tag("k", "v").build());
    assertEquals(List.of(t), traceIds(byCold));
    assertSameSpans(List.of(root, early, late), byCold.get(0));
    // a span written again after its handoff counts once
    write(early);
    assertSameSpans(List.of(root, early, late), trace(t));
  }

  @Test
  void answersAreWholeWhenEveryTierIsRead() {
    TraceId t = newTraceId();
    write(span(t, 1, 0, "api", "op", base, 100));
    assertEquals(null, PartialResult.notice(trace(t)));
    assertEquals(null, PartialResult.notice(find(query("api").build())));
  }
}
