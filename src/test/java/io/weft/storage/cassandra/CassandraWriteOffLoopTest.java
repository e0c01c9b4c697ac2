package io.weft.storage.cassandra;

import static io.weft.testing.LoopCalls.onLoop;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.TestSpans;
import io.weft.testing.WatchedSpans;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write's statements are built off the caller's event loop (an ingester's batch of thousands of spans
 * held a loaded machine's loop for seconds): called from an event loop, the writer reads the spans it is
 * given only on other threads, and the write still completes on the caller's context once stored.
 */
@ExtendWith(VertxExtension.class)
class CassandraWriteOffLoopTest {
  static Vertx vertx;
  static CassandraSpanStore store;

  @BeforeAll
  static void open(Vertx v) {
    vertx = v;
    store = await(CassandraSpanStore.open(vertx, CassandraTestNode.shared().settings(Map.of()), new WeftMetrics()),
        120);
  }

  @AfterAll
  static void close() {
    await(store.close());
  }

  @Test
  void aWriteFromAnEventLoopReadsItsSpansOnAnotherThread() {
    List<TraceId> traces = new ArrayList<>();
    WatchedSpans spans = new WatchedSpans(spans(200, traces));
    Context loop = vertx.getOrCreateContext();
    assertTrue(loop.isEventLoopContext());
    await(onLoop(loop, () -> store.write(spans)));
    assertTrue(spans.reads.get() >= spans.size(), "the writer read the spans: " + spans.reads);
    assertEquals(Set.of(), spans.readOnLoop, "event-loop threads that read the spans");
    for (TraceId t : List.of(traces.get(0), traces.get(traces.size() - 1))) {
      assertEquals(5, await(store.getTrace(t)).size(), "stored");
    }
  }

  @Test
  void linksOnlyFromAnEventLoopReadsItsSpansOnAnotherThread() {
    WatchedSpans spans = new WatchedSpans(spans(50, new ArrayList<>()));
    await(onLoop(vertx.getOrCreateContext(), () -> store.writeLinksOnly(spans)));
    assertTrue(spans.reads.get() >= spans.size(), "the writer read the spans: " + spans.reads);
    assertEquals(Set.of(), spans.readOnLoop, "event-loop threads that read the spans");
  }

  private static List<Span> spans(int traces, List<TraceId> ids) {
    long start = (System.currentTimeMillis() - 60_000) * 1000;
    List<Span> out = new ArrayList<>();
    for (int t = 0; t < traces; t++) {
      TraceId id = TestSpans.newTraceId();
      ids.add(id);
      for (int i = 0; i < 5; i++) {
        out.add(TestSpans.of(id, i + 1, i == 0 ? 0 : 1, i % 2 == 0 ? "offloop-front" : "offloop-back", "op-" + i)
            .startTimeMicros(start + i * 100).durationMicros(1000 - i).tags(List.of(Tag.string("k", "v" + t)))
            .build());
      }
    }
    return out;
  }
}
