package io.weft.storage.memory;

import static io.weft.testing.LoopCalls.onLoop;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.testing.TestSpans;
import io.weft.testing.WatchedSpans;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A large write called on an event loop (an ingester's batch) is applied on a worker thread and completes on
 * the caller's context once readable; a collector-sized write, or any write from a thread that is not an event
 * loop, is applied on the caller's thread before its future is returned, as always.
 */
@ExtendWith(VertxExtension.class)
class MemoryWriteOffLoopTest {
  private static final int LARGE = WriteRunner.OFF_LOOP_SPANS;

  @Test
  void aLargeWriteFromAnEventLoopIsAppliedOnAWorkerAndReadableOnceComplete(Vertx vertx) {
    MemorySpanStore store = new MemorySpanStore(10_000);
    List<TraceId> traces = new ArrayList<>();
    WatchedSpans spans = new WatchedSpans(spans(LARGE / 4, traces));
    Context loop = vertx.getOrCreateContext();
    await(onLoop(loop, () -> store.write(spans)));
    assertTrue(spans.reads.get() >= spans.size(), "the store read the spans: " + spans.reads);
    assertEquals(Set.of(), spans.readOnLoop, "event-loop threads that read the spans");
    assertEquals(LARGE, store.spanCount(), "applied before the write completed");
    for (TraceId t : List.of(traces.get(0), traces.get(traces.size() - 1))) {
      assertEquals(4, await(store.getTrace(t)).size());
    }

    WatchedSpans links = new WatchedSpans(spans(LARGE / 4, new ArrayList<>()));
    await(onLoop(loop, () -> store.writeLinksOnly(links)));
    assertEquals(Set.of(), links.readOnLoop, "event-loop threads that read the links-only spans");
    assertEquals(LARGE / 4, store.linksOnlyTraceCount(), "applied before the write completed");
  }

  @Test
  void smallerWritesAndWritesOffAnyLoopAreAppliedBeforeTheyReturn(Vertx vertx) {
    MemorySpanStore store = new MemorySpanStore(10_000);
    List<TraceId> small = new ArrayList<>();
    WatchedSpans request = new WatchedSpans(spans(LARGE / 4 - 1, small));
    Context loop = vertx.getOrCreateContext();
    Future<Void> onTheLoop = await(onLoop(loop, () -> Future.succeededFuture(store.write(request))));
    assertTrue(onTheLoop.succeeded(), "complete when returned: applied on the loop");
    assertTrue(!request.readOnLoop.isEmpty(), "read on the loop");

    List<TraceId> large = new ArrayList<>();
    Future<Void> here = store.write(spans(LARGE / 4, large)); // the test's thread: no loop to spare
    assertTrue(here.succeeded(), "complete when returned");
    assertEquals(4, await(store.getTrace(large.get(0))).size(), "readable at once");
    assertEquals(LARGE - 4 + LARGE, store.spanCount());
  }

  /** {@code traces} traces of 4 spans (a server calling a client), their ids added to {@code ids}. */
  private static List<Span> spans(int traces, List<TraceId> ids) {
    List<Span> out = new ArrayList<>();
    for (int t = 0; t < traces; t++) {
      TraceId id = TestSpans.newTraceId();
      ids.add(id);
      for (int i = 0; i < 4; i++) {
        out.add(TestSpans.of(id, i + 1, i == 0 ? 0 : 1, i % 2 == 0 ? "front" : "back", "op-" + i).build());
      }
    }
    return out;
  }
}
