package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.testing.Wait;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The forwarder against a scripted collector: bounded in flight, retries after failures, drops refused batches. */
@ExtendWith(VertxExtension.class)
class ForwarderTest {
  Vertx vertx;
  WeftMetrics metrics;
  Scripted sender;
  BatchBuffer buffer;
  Forwarder forwarder;

  /** Holds each send until the test answers it. */
  static final class Scripted implements BatchSender {
    final List<Promise<Void>> pending = new ArrayList<>();
    int maxPending;

    @Override
    public EncodedBatch encode(List<Span> spans) {
      return new EncodedBatch(new byte[1], spans.size());
    }

    @Override
    public synchronized Future<Void> send(EncodedBatch batch) {
      Promise<Void> p = Promise.promise();
      pending.add(p);
      maxPending = Math.max(maxPending, pending.size());
      return p.future();
    }

    synchronized Promise<Void> next() {
      return pending.remove(0);
    }

    synchronized int waiting() {
      return pending.size();
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    metrics = new WeftMetrics();
    sender = new Scripted();
    buffer = new BatchBuffer(50, 1_000_000);
    forwarder = new Forwarder(vertx, sender, buffer, new AgentMetrics(metrics), 3, 60_000, 100);
  }

  /** Runs on the event loop, as the agent does, and waits for it. */
  void onLoop(Runnable r) {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> {
      r.run();
      done.complete();
    });
    Wait.await(done.future(), 10);
  }

  void awaitWaiting(int n) throws InterruptedException {
    Wait.until(n + " sends waiting", 5, 5, () -> sender.waiting() == n);
  }

  @Test
  void boundedInFlightThenOneAtATimeAfterAFailureUntilASuccess() throws Exception {
    onLoop(() -> {
      for (int i = 0; i < 5; i++) {
        forwarder.offer(new EncodedBatch(new byte[1], 10));
      }
    });
    awaitWaiting(3);
    assertEquals(20, buffer.spans(), "two batches wait their turn");
    onLoop(() -> sender.next().fail("collector gone"));
    Thread.sleep(300); // past the backoff: the two still in flight already exceed the probe window of one
    assertEquals(2, sender.waiting());
    onLoop(() -> {
      sender.next().fail("still gone");
      sender.next().fail("still gone");
    });
    awaitWaiting(1);
    Thread.sleep(300);
    assertEquals(1, sender.waiting(), "while failing, one probe at a time");
    onLoop(() -> sender.next().complete());
    awaitWaiting(3); // acknowledged again: back to max-in-flight
    assertEquals(3, sender.maxPending, "never more than max-in-flight at once");
    Wait.until("every batch sent and acknowledged", 10, 5, () -> {
      onLoop(() -> {
        if (sender.waiting() > 0) {
          sender.next().complete();
        }
      });
      return sender.waiting() == 0 && buffer.isEmpty();
    });
    assertTrue(metrics.scrape().contains("weft_agent_spans_forwarded_total 50.0"), metrics.scrape());
    assertTrue(metrics.scrape().contains("weft_agent_batches_total{outcome=\"retried\"} 3.0"), metrics.scrape());
  }

  @Test
  void aRefusedBatchIsDroppedAndCounted() throws Exception {
    onLoop(() -> forwarder.offer(new EncodedBatch(new byte[1], 7)));
    awaitWaiting(1);
    onLoop(() -> sender.next().fail(new BatchSender.Refused("undecodable")));
    Thread.sleep(50);
    assertEquals(0, sender.waiting());
    assertTrue(buffer.isEmpty());
    assertTrue(metrics.scrape().contains("weft_spans_dropped_total{reason=\"agent-batch-refused\"} 7.0"),
        metrics.scrape());
  }
}
