package io.weft.storage.cold;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanMatcher;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.testing.TestSpans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compactor's rounds over a hot memory store and a local folder: the handoff moves each due window
 * once, commits before it records progress, repeats a cut-short window without doubling anything; a
 * compaction merges an hour's blocks and drops duplicate spans; retention deletes old, replaced and
 * half-written blocks.
 */
@ExtendWith(VertxExtension.class)
class CompactorWorkTest {
  static final long MINUTE = 60_000_000L;
  static final long HOUR = 60 * MINUTE;

  Vertx vertx;
  @TempDir
  Path dir;
  ColdStore cold;
  MemorySpanStore hot;
  CompactorWork work;
  long now;
  List<List<Span>> written = new ArrayList<>();

  @BeforeEach
  void open(Vertx v) {
    vertx = v;
    // Whole hours, so the windows and compaction hours are predictable.
    now = (System.currentTimeMillis() * 1000 / HOUR) * HOUR + 7 * MINUTE;
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("weft-cold-compactor-test", 4);
    cold = await(ColdStore.open(vertx, TieredStoreContract.settings(Map.of("cold.handoff.lookback", "3h",
        "cold.retention", "30d")), new LocalObjectStore(dir, workers), workers, new WeftMetrics()));
    hot = new MemorySpanStore(100_000);
    work = cold.compactorWork(hot, new WeftMetrics());
  }

  @AfterEach
  void close() {
    await(cold.close());
  }

  /** {@code n} traces of three spans, starts spread over [from, to). */
  void writeTraces(int n, long from, long to, long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      TraceId t = new TraceId(r.nextLong(), r.nextLong());
      long start = from + (long) (r.nextDouble() * (to - from));
      List<Span> spans = List.of(
          TestSpans.of(t, 1, 0, "web", "GET /").startTimeMicros(start).durationMicros(900).build(),
          TestSpans.of(t, 2, 1, "api", "load").startTimeMicros(start + 10).durationMicros(500).build(),
          TestSpans.of(t, 3, 2, "db", "select").startTimeMicros(start + 20).durationMicros(100).build());
      written.add(spans);
      await(hot.write(spans));
    }
  }

  long blockSpans() {
    return cold.blocks.visible().stream().mapToLong(BlockMeta::spans).sum();
  }

  @Test
  void handsOffDueWindowsOnceCompactsThemAndLeavesTheRestHot() {
    writeTraces(400, now - 3 * HOUR, now - 10 * MINUTE, 1);
    await(work.round(now));
    long horizon = cold.blocks.horizon();
    assertEquals(now - HOUR - 7 * MINUTE + 5 * MINUTE, horizon, "every window ended an hour ago is handed off");
    int due = 0;
    for (List<Span> t : written) {
      List<Span> inCold = await(cold.reader().getTrace(t.get(0).traceId()));
      if (SpanMatcher.traceStart(t) < horizon) {
        due++;
        assertEquals(new HashSet<>(t), new HashSet<>(inCold));
      } else {
        assertEquals(List.of(), inCold, "not due yet");
      }
    }
    assertEquals(due * 3L, blockSpans(), "each span once");
    // Whole hours before the horizon were merged into one block each; the rest are window blocks.
    long merged = cold.blocks.visible().stream().filter(m -> m.level() > 0).count();
    assertTrue(merged >= 1, "compacted: " + cold.blocks.visible());
    for (BlockMeta m : cold.blocks.visible()) {
      if (m.level() > 0) {
        assertEquals(Math.floorDiv(m.windowFrom(), HOUR), Math.floorDiv(m.windowTo() - 1, HOUR),
            "a compaction stays within its hour: " + m.id());
      }
    }
    // Again, nothing new is due: nothing changes.
    List<String> before = cold.blocks.visible().stream().map(BlockMeta::id).toList();
    await(work.round(now));
    assertEquals(before, cold.blocks.visible().stream().map(BlockMeta::id).toList());
  }

  @Test
  void aRepeatedWindowIsNotWrittenTwice() {
    writeTraces(100, now - 2 * HOUR, now - 90 * MINUTE, 2);
    await(work.round(now - 30 * MINUTE)); // windows up to an hour before that
    long spans = blockSpans();
    assertTrue(spans > 0);
    // A crash after the blocks' commits but before handoff.json moved: the windows run again.
    await(cold.objects.delete(List.of(cold.keys.handoff())));
    await(work.round(now - 30 * MINUTE));
    assertEquals(spans, blockSpans(), "the committed blocks were recognised, none doubled");
  }

  @Test
  void halfWrittenBlockIsInvisibleAndTheNextRoundCommitsIt() throws Exception {
    writeTraces(50, now - 2 * HOUR, now - 2 * HOUR + 5 * MINUTE, 3);
    long from = Math.floorDiv(now - 2 * HOUR, 5 * MINUTE) * 5 * MINUTE;
    // A writer that died between the data and the meta (the handoff's own id for that window):
    String id = Handoff.blockId(from, from + 5 * MINUTE, 0);
    Files.createDirectories(dir.resolve(cold.keys.blocks()).resolve(id));
    Files.write(dir.resolve(cold.keys.data(id)), new byte[] {1, 2, 3});
    await(cold.refresh());
    assertTrue(cold.blocks.files().containsKey(id), "its data is there");
    assertTrue(cold.blocks.visible().isEmpty(), "but no reader sees a block");
    assertEquals(List.of(), await(cold.reader().getTrace(written.get(0).get(0).traceId())));

    await(work.round(now - 50 * MINUTE));
    assertTrue(cold.blocks.visible().stream().anyMatch(m -> m.id().equals(id)), "committed under the same id");
    for (List<Span> t : written) {
      if (SpanMatcher.traceStart(t) < from + 5 * MINUTE) {
        assertEquals(new HashSet<>(t), new HashSet<>(await(cold.reader().getTrace(t.get(0).traceId()))));
      }
    }
  }

  @Test
  void compactionKeepsEachSpanOnceAndRetentionDeletes() {
    long hour = Math.floorDiv(now - 5 * HOUR, HOUR) * HOUR;
    writeTraces(60, hour, hour + HOUR, 4);
    List<EncodedTrace> all = written.stream().map(EncodedTrace::of).toList();
    // Two blocks of the same hour sharing half their traces (a window written twice under other ids).
    await(cold.build("x-a", hour, hour + 30 * MINUTE, 0, List.of(), all.subList(0, 40)).compose(cold::commit));
    await(cold.build("x-b", hour + 30 * MINUTE, hour + HOUR, 0, List.of(), all.subList(20, 60)).compose(cold::commit));
    // An old block past retention (30 days).
    long old = hour - 40L * 24 * HOUR;
    TraceId oldId = new TraceId(1, 2);
    EncodedTrace oldTrace = EncodedTrace.of(List.of(TestSpans.of(oldId, 1, 0, "web", "GET /").startTimeMicros(old)
        .durationMicros(5).build()));
    await(cold.build("x-old", old, old + HOUR, 0, List.of(), List.of(oldTrace)).compose(cold::commit));
    assertEquals(1, await(cold.reader().getTrace(oldId)).size());
    await(cold.objects.put(cold.keys.handoff(), BlockList.handoffBytes(hour + HOUR)));
    await(work.round(hour + HOUR + 5 * MINUTE)); // nothing is due in the hot store then: only compaction, retention

    List<BlockMeta> visible = cold.blocks.visible();
    assertEquals(1, visible.size(), "one merged block: " + visible);
    BlockMeta merged = visible.get(0);
    assertEquals(List.of("x-a", "x-b"), merged.sources());
    assertEquals(60 * 3L, merged.spans(), "shared traces kept once");
    for (List<Span> t : written) {
      assertEquals(new HashSet<>(t), new HashSet<>(await(cold.reader().getTrace(t.get(0).traceId()))));
    }
    Set<String> files = cold.blocks.files().keySet();
    await(cold.refresh());
    assertFalse(cold.blocks.files().containsKey("x-old"), "past retention: deleted");
    assertEquals(List.of(), await(cold.reader().getTrace(oldId)));
    assertTrue(files.contains("x-a"), "replaced, kept a grace period for readers that listed it");
    assertNotNull(await(cold.objects.get(cold.keys.compacted("x-a"))));

    await(work.round(hour + HOUR + 10 * MINUTE)); // sees the markers
    // past the grace period: two listing intervals (cold.poll-interval is 1h here)
    await(work.round(hour + HOUR + 10 * MINUTE + 2 * HOUR));
    await(cold.refresh());
    assertFalse(cold.blocks.files().containsKey("x-a"), cold.blocks.files().toString());
    assertFalse(cold.blocks.files().containsKey("x-b"));
    assertNull(await(cold.objects.get(cold.keys.data("x-b"))));
    assertEquals(List.of(merged.id()), cold.blocks.visible().stream().map(BlockMeta::id).toList());
  }
}
