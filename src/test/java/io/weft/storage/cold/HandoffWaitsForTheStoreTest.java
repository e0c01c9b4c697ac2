package io.weft.storage.cold;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.testing.Metrics;
import io.weft.testing.TestSpans;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The object store going away under the compactor (a real S3 API, stopped and started again): the round
 * fails and moves nothing, the hot data stays, the lag grows and the failure is counted; once the store is
 * back the next round hands the waiting windows off and the lag is gone.
 */
@ExtendWith(VertxExtension.class)
class HandoffWaitsForTheStoreTest {
  static final long MINUTE = 60_000_000L;

  @Test
  void theHandoffWaitsWhileTheStoreIsUnreachable(Vertx vertx) throws Exception {
    S3TestServer s3 = S3TestServer.shared();
    WeftMetrics metrics = new WeftMetrics();
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("weft-cold-wait-test", 4);
    ColdSettings settings = TieredStoreContract.settings(Map.of("cold.prefix", "wait" + System.nanoTime() + "/",
        "cold.after", "1h", "cold.block-window", "5m", "cold.handoff.lookback", "1h"));
    ColdStore cold = await(ColdStore.open(vertx, settings, s3.objects(workers), workers, metrics));
    try {
      MemorySpanStore hot = new MemorySpanStore(10_000);
      CompactorWork work = cold.compactorWork(hot, metrics);
      long now = (System.currentTimeMillis() * 1000 / (5 * MINUTE)) * 5 * MINUTE;
      List<TraceId> early = write(hot, now - 100 * MINUTE, 5);
      await(work.round(now));
      assertEquals(5, spansInCold(cold, early) / 3, "the first round handed the due traces off");
      assertEquals(0.0, Metrics.value(metrics.scrape(), "weft_cold_handoff_lag_seconds"));

      List<TraceId> waiting = write(hot, now - 55 * MINUTE, 5); // due 30 minutes later
      List<String> blocksBefore = cold.blocks.visible().stream().map(BlockMeta::id).toList();
      s3.stop();
      try {
        assertThrows(Throwable.class, () -> await(work.round(now + 30 * MINUTE)));
        assertEquals(blocksBefore, cold.blocks.visible().stream().map(BlockMeta::id).toList(), "nothing moved");
        String scrape = metrics.scrape();
        assertTrue(Metrics.value(scrape, "weft_cold_handoff_lag_seconds") >= 20 * 60, "the lag shows: " + scrape);
        assertTrue(Metrics.value(scrape, "weft_cold_handoff_failures_total") >= 1);
        for (TraceId id : waiting) {
          assertEquals(3, await(hot.getTrace(id)).size(), "the hot copy stays");
        }
      } finally {
        s3.start();
      }
      await(work.round(now + 30 * MINUTE));
      assertEquals(15, spansInCold(cold, waiting), "handed off once the store is back");
      assertEquals(0.0, Metrics.value(metrics.scrape(), "weft_cold_handoff_lag_seconds"));
    } finally {
      await(cold.close());
    }
  }

  /** {@code n} traces of three spans starting at {@code start} plus a second each. */
  private static List<TraceId> write(MemorySpanStore hot, long start, int n) {
    List<TraceId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TraceId t = io.weft.testing.TestSpans.newTraceId();
      long at = start + i * 1_000_000L;
      await(hot.write(List.of(
          TestSpans.of(t, 1, 0, "web", "GET /").startTimeMicros(at).durationMicros(900).build(),
          TestSpans.of(t, 2, 1, "api", "load").startTimeMicros(at + 10).durationMicros(500).build(),
          TestSpans.of(t, 3, 2, "db", "select").startTimeMicros(at + 20).durationMicros(100).build())));
      ids.add(t);
    }
    return ids;
  }

  private static int spansInCold(ColdStore cold, List<TraceId> ids) {
    int n = 0;
    for (TraceId id : ids) {
      List<Span> spans = await(cold.reader().getTrace(id));
      n += spans.size();
    }
    return n;
  }
}
