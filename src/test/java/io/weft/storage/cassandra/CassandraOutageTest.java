package io.weft.storage.cassandra;

import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.StorageUnavailableException;
import io.weft.testing.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Cassandra node is killed (SIGKILL) while writes are in flight, then restarted. Every span
 * whose write was acknowledged before, during or after the outage must be readable afterwards;
 * writes during the outage must fail, promptly, with a retryable error; the failures and retries
 * must show in the metrics.
 */
@ExtendWith(VertxExtension.class)
class CassandraOutageTest {
  private static final int IN_FLIGHT = 4;

  private final Map<TraceId, Set<Long>> acked = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong slowestMillis = new AtomicLong();
  private final AtomicLong slowestFailureMillis = new AtomicLong();
  private final AtomicLong lastSuccessNanos = new AtomicLong();

  @Test
  void acknowledgedSpansSurviveAKilledNodeAndOutageWritesFailRetryably(Vertx vertx) throws Exception {
    CassandraTestNode node = CassandraTestNode.shared();
    WeftMetrics metrics = new WeftMetrics();
    CassandraSpanStore store = await(CassandraSpanStore.open(vertx, node.settings(Map.of()), metrics), 120);
    AtomicBoolean running = new AtomicBoolean(true);
    Semaphore slots = new Semaphore(IN_FLIGHT);
    String service = CassandraRetentionTest.unique("outage");
    Thread writer = new Thread(() -> writeUntilStopped(store, service, running, slots), "outage-writer");
    try {
      writer.start();
      waitFor("writes before the outage", () -> succeeded.get() >= 20);

      node.kill(); // mid-write: IN_FLIGHT writes are at Cassandra or queued
      long killedAt = System.nanoTime();
      waitFor("failed writes during the outage", () -> failures.size() >= 3);
      long beforeRestart = succeeded.get();
      Thread.sleep(1000);

      node.start();
      waitFor("a write acknowledged after the restart", () -> lastSuccessNanos.get() > killedAt
          && succeeded.get() > beforeRestart);
      long resumed = succeeded.get();
      waitFor("more writes after the restart", () -> succeeded.get() >= resumed + 20);
    } finally {
      running.set(false);
      writer.join(30_000);
      slots.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS); // every write has finished
      node.start(); // whatever happened, leave the shared node up for the other tests
    }

    System.out.printf("outage test: %d writes acknowledged, %d failed, slowest %d ms, slowest failure %d ms%n",
        succeeded.get(), failures.size(), slowestMillis.get(), slowestFailureMillis.get());
    assertTrue(slowestMillis.get() < 20_000, "no write hung; slowest took " + slowestMillis.get() + " ms");
    assertTrue(slowestFailureMillis.get() >= 900, "failures come after retries with backoff (about 1.3 s), "
        + "slowest took " + slowestFailureMillis.get() + " ms");
    for (Throwable f : failures) {
      assertTrue(f instanceof StorageUnavailableException, "retryable failure, got " + f);
    }
    int checked = 0;
    for (Map.Entry<TraceId, Set<Long>> e : acked.entrySet()) {
      Set<Long> stored = await(store.getTrace(e.getKey())).stream().map(Span::spanId)
          .collect(Collectors.toCollection(TreeSet::new));
      assertTrue(stored.containsAll(e.getValue()), "trace " + e.getKey() + ": acknowledged " + e.getValue()
          + ", stored " + stored);
      checked += e.getValue().size();
    }
    assertEquals(succeeded.get() * 6, checked, "every acknowledged span was checked");
    String scrape = metrics.scrape();
    assertTrue(scrape.contains("weft_storage_write_failures_total{backend=\"cassandra\""), scrape);
    assertTrue(scrape.contains("weft_storage_write_retries_total{backend=\"cassandra\""), scrape);
    await(store.close());
  }

  /** Writes batches of 3 new traces x 2 spans, {@link #IN_FLIGHT} at a time, recording what was acknowledged. */
  private void writeUntilStopped(CassandraSpanStore store, String service, AtomicBoolean running, Semaphore slots) {
    long now = System.currentTimeMillis() * 1000;
    while (running.get()) {
      try {
        if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
      } catch (InterruptedException e) {
        return;
      }
      List<Span> batch = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        TraceId t = newTraceId();
        batch.add(CassandraRetentionTest.span(t, 1, 0, service, "root", now, 1000));
        batch.add(CassandraRetentionTest.span(t, 2, 1, service + "-db", "query", now + 10, 100));
      }
      long t0 = System.nanoTime();
      store.write(batch).onComplete(ar -> {
        slowestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
        if (ar.succeeded()) {
          for (Span s : batch) {
            acked.computeIfAbsent(s.traceId(), k -> ConcurrentHashMap.newKeySet()).add(s.spanId());
          }
          succeeded.incrementAndGet();
          lastSuccessNanos.set(System.nanoTime());
        } else {
          failures.add(ar.cause());
          slowestFailureMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
        }
        slots.release();
      });
    }
  }

  private static void waitFor(String what, Wait.Condition condition) throws InterruptedException {
    Wait.until(what, 90, 20, condition);
  }
}
