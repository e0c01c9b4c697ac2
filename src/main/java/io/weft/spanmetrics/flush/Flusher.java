package io.weft.spanmetrics.flush;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.SpanAggregator;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the node's aggregation at every bucket boundary (a quarter second after, so the spans of a
 * bucket just closed are in) and hands the delta to the sink, in order. A delta the sink refuses
 * stays queued, unchanged (same id, so a store that took part of it takes the rest only), and goes
 * again at the next boundary; past {@link SpanMetricsSettings#MAX_PENDING_DELTAS} the oldest is
 * dropped, counted. What a node loses if it dies is its bucket in progress plus whatever is queued
 * ({@code weft_span_metrics_unflushed_calls} shows it). Stopping flushes everything first.
 */
public final class Flusher {
  private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
  private static final long AFTER_BOUNDARY_MS = 250;

  private final Vertx vertx;
  private final SpanAggregator aggregator;
  private final SeriesSink sink;
  private final FlushMeters meters;
  private final ArrayDeque<Delta> queue = new ArrayDeque<>();
  private boolean sending;
  private boolean stopped;
  private long timer = -1;
  private int failures;

  public Flusher(Vertx vertx, SpanAggregator aggregator, SeriesSink sink, FlushMeters meters) {
    this.vertx = vertx;
    this.aggregator = aggregator;
    this.sink = sink;
    this.meters = meters;
    meters.bindQueue(this::queuedCalls);
  }

  public synchronized void start() {
    schedule();
  }

  private synchronized void schedule() {
    if (stopped) {
      return;
    }
    long step = aggregator.settings().stepMs();
    long now = System.currentTimeMillis();
    long next = (Math.floorDiv(now, step) + 1) * step + AFTER_BOUNDARY_MS;
    timer = vertx.setTimer(Math.max(1, next - now), id -> tick().onComplete(ar -> schedule()));
  }

  /** Drains now and sends what is queued; completes when the queue is empty or a send failed. */
  public Future<Void> tick() {
    return vertx.executeBlocking(aggregator::drain, false).compose(d -> {
      synchronized (this) {
        if (!d.isEmpty()) {
          queue.addLast(d);
          while (queue.size() > SpanMetricsSettings.MAX_PENDING_DELTAS) {
            Delta dropped = queue.pollFirst();
            meters.dropped(dropped.calls());
            LOG.warn("span metrics: dropped flush {} ({} calls): the store has refused flushes for too long",
                dropped.id(), (long) dropped.calls());
          }
        }
      }
      return sendAll();
    });
  }

  private Future<Void> sendAll() {
    Delta head;
    synchronized (this) {
      if (sending || queue.isEmpty()) {
        return Future.succeededFuture();
      }
      sending = true;
      head = queue.peekFirst();
    }
    Promise<Void> done = Promise.promise();
    sink.write(head).onComplete(ar -> {
      synchronized (this) {
        sending = false;
        if (ar.succeeded()) {
          queue.pollFirst();
          meters.flushed(head.calls());
          if (failures > 0) {
            LOG.info("span metrics: flushes succeed again after {} failure(s)", failures);
            failures = 0;
          }
        } else {
          meters.failed();
          if (failures++ == 0) {
            LOG.warn("span metrics: flush {} failed, kept for the next try: {}", head.id(), ar.cause().toString());
          }
        }
      }
      if (ar.succeeded()) {
        sendAll().onComplete(done);
      } else {
        done.complete();
      }
    });
    return done.future();
  }

  private synchronized double queuedCalls() {
    double n = aggregator.pendingCalls();
    for (Delta d : queue) {
      n += d.calls();
    }
    return n;
  }

  /** Stops the timer, drains and sends what is left (a few tries). */
  public Future<Void> close() {
    synchronized (this) {
      stopped = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    }
    return closeAttempt(3);
  }

  private Future<Void> closeAttempt(int left) {
    return tick().compose(v -> {
      boolean empty;
      synchronized (this) {
        empty = queue.isEmpty() && !sending;
      }
      if (empty || left <= 1) {
        if (!empty) {
          LOG.warn("span metrics: {} calls not flushed at stop", (long) queuedCalls());
        }
        return Future.succeededFuture();
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(500, id -> closeAttempt(left - 1).onComplete(later));
      return later.future();
    });
  }
}
