package io.weft.storage.opensearch;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.StorageUnavailableException;
import io.weft.testing.TestSpans;
import io.weft.testing.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of a real node: stopped in the middle of a stream of writes and started again on the same
 * data, and an index turned read-only as a full disk does it. Writes are answered retryably
 * ({@link StorageUnavailableException}) and counted while it lasts, go through again by themselves
 * afterwards, and every write that was acknowledged is there.
 */
class OpenSearchOutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private OpenSearchTestNode node;
  private Vertx vertx;
  private WeftMetrics metrics;
  private OpenSearchSpanStore store;
  private final long base = System.currentTimeMillis() * 1000 - 60_000_000L;

  @BeforeEach
  void open() {
    node = OpenSearchTestNode.shared();
    vertx = Vertx.vertx();
    metrics = new WeftMetrics();
  }

  @AfterEach
  void close() {
    if (store != null) {
      await(store.close());
    }
    await(vertx.close());
  }

  private OpenSearchSpanStore store(String prefix, String retry) {
    store = await(OpenSearchSpanStore.open(vertx, node.settings(Map.of("opensearch.index.prefix", prefix,
        "opensearch.bulk.retry-timeout", retry, "opensearch.bulk.refresh", "false", "opensearch.request-timeout", "5s")),
        metrics), 120);
    return store;
  }

  private Span span(TraceId id, String service) {
    return TestSpans.of(id, 1, 0, service, "op").startTimeMicros(base).durationMicros(10).build();
  }

  private double unavailable() {
    return metrics.registry().counter("weft_storage_write_failures", "backend", "opensearch", "reason", "unavailable")
        .count();
  }

  @Test
  void aNodeStoppedMidStreamLosesNothingAcknowledgedAndWritesResumeByThemselves() throws Exception {
    Assumptions.assumeTrue(node.owned, "needs a node this run started");
    OpenSearchSpanStore s = store("outage", "2s");
    Set<TraceId> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger afterRestart = new AtomicInteger();
    AtomicBoolean restarted = new AtomicBoolean();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Throwable> unexpected = new ArrayList<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      Thread t = new Thread(() -> {
        while (running.get()) {
          List<Span> batch = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            batch.add(span(newTraceId(), "outage-svc"));
          }
          try {
            s.write(batch).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            batch.forEach(sp -> acknowledged.add(sp.traceId()));
            if (restarted.get()) {
              afterRestart.incrementAndGet();
            }
          } catch (ExecutionException e) {
            failed.incrementAndGet();
            if (!(e.getCause() instanceof StorageUnavailableException)) {
              synchronized (unexpected) {
                unexpected.add(e.getCause());
              }
            }
            pause(200);
          } catch (Exception e) {
            synchronized (unexpected) {
              unexpected.add(e);
            }
          }
        }
      }, "outage-writer-" + w);
      t.start();
      writers.add(t);
    }
    Wait.until("1000 spans acknowledged", 120, () -> acknowledged.size() >= 1000);
    node.stop(); // SIGTERM, mid-stream
    Wait.until("writes failing while the node is down", 60, () -> failed.get() >= 3);
    node.start(); // the same data folder
    restarted.set(true);
    Wait.until("writes acknowledged after the restart", 180, () -> afterRestart.get() >= 10);
    running.set(false);
    for (Thread t : writers) {
      t.join(120_000);
    }

    System.out.printf("outage: %d spans acknowledged, %d writes answered retryably, %d after the restart%n",
        acknowledged.size(), failed.get(), afterRestart.get());
    assertEquals(List.of(), unexpected, "every failure was retryable");
    assertTrue(unavailable() >= 3, "failures counted: " + unavailable());
    node.request("POST", "/outage-weft-span-*/_refresh", null);
    List<String> ids = acknowledged.stream().map(TraceId::toHex).toList();
    long stored = 0;
    for (int from = 0; from < ids.size(); from += 1000) {
      String terms = JSON.writeValueAsString(ids.subList(from, Math.min(ids.size(), from + 1000)));
      String count = node.request("POST", "/outage-weft-span-*/_count",
          "{\"query\":{\"terms\":{\"traceID\":" + terms + "}}}").body();
      stored += JSON.readTree(count).path("count").asLong();
    }
    assertEquals(acknowledged.size(), stored, "every acknowledged span is stored");
  }

  @Test
  void aReadOnlyIndexAnswersRetryablyAndWritesGoThroughOnceItIsLifted() throws Exception {
    // The index made first, with time to spare: creating it takes a while on a busy machine.
    await(store("readonly", "60s").write(List.of(span(newTraceId(), "ro-svc"))));
    await(store.close());
    OpenSearchSpanStore s = store("readonly", "1s");
    String index = s.settings().indexNames().index(IndexNames.SPAN, base);
    block(index, true);
    try {
      Throwable e = failure(s.write(List.of(span(newTraceId(), "ro-svc"))));
      assertInstanceOf(StorageUnavailableException.class, e);
      assertTrue(e.getMessage().contains("cluster_block_exception"), e.getMessage());
      assertEquals(1.0, unavailable());
    } finally {
      block(index, false);
    }

    // Blocked again while a write with time to spare retries: lifting the block lets it through.
    await(store.close());
    s = store("readonly", "30s");
    block(index, true);
    TraceId later = newTraceId();
    var pending = s.write(List.of(span(later, "ro-svc")));
    Thread.sleep(1500);
    assertTrue(!pending.isComplete(), "still retrying while blocked");
    block(index, false);
    await(pending);
    node.request("POST", "/readonly-weft-span-*/_refresh", null);
    assertEquals(1, await(s.getTrace(later)).size());
    assertTrue(metrics.registry().counter("weft_storage_write_retries", "backend", "opensearch").count() >= 1);
  }

  private void block(String index, boolean on) {
    var r = node.request("PUT", "/" + index + "/_settings",
        "{\"index.blocks.read_only_allow_delete\":" + (on ? "true" : "null") + "}");
    assertEquals(200, r.statusCode(), r.body());
  }

  private static Throwable failure(io.vertx.core.Future<Void> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      throw new AssertionError("the write should have failed");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /** A writer's pause after a failed write, as a sender backs off. */
  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
