package io.weft.agent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Moves batches from the buffer to a collector: at most {@code maxInFlight} unacknowledged at once.
 * A batch that fails goes back to the head of the buffer; sending then pauses (backoff from 50 ms,
 * doubling up to the maximum) and resumes one batch at a time until a collector acknowledges again, so
 * a collector coming back is drained into at a bounded pace, not hit with the whole buffer at once.
 * Used from the agent's event loop only.
 */
final class Forwarder {
  private static final long FIRST_BACKOFF_MS = 50;
  private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger(Forwarder.class), 10_000);

  private final Vertx vertx;
  private final BatchSender sender;
  private final BatchBuffer buffer;
  private final AgentMetrics metrics;
  private final int maxInFlight;
  private final long timeoutMs;
  private final long maxBackoffMs;
  private volatile int inFlight;
  private long inFlightSpans;
  private boolean healthy = true;
  private boolean waiting;
  private long backoffMs = FIRST_BACKOFF_MS;

  Forwarder(Vertx vertx, BatchSender sender, BatchBuffer buffer, AgentMetrics metrics, int maxInFlight, long timeoutMs,
      long maxBackoffMs) {
    this.vertx = vertx;
    this.sender = sender;
    this.buffer = buffer;
    this.metrics = metrics;
    this.maxInFlight = maxInFlight;
    this.timeoutMs = timeoutMs;
    this.maxBackoffMs = maxBackoffMs;
  }

  void offer(EncodedBatch b) {
    metrics.bufferFull(buffer.addLast(b));
    pump();
  }

  int inFlight() {
    return inFlight;
  }

  boolean idle() {
    return inFlight == 0 && buffer.isEmpty();
  }

  /** Spans not yet acknowledged: waiting in the buffer or in flight. */
  long pendingSpans() {
    return buffer.spans() + inFlightSpans;
  }

  private void pump() {
    int window = healthy ? maxInFlight : 1; // after a failure, probe with one batch
    while (!waiting && inFlight < window) {
      EncodedBatch b = buffer.poll();
      if (b == null) {
        return;
      }
      send(b);
    }
  }

  private void send(EncodedBatch b) {
    inFlight++;
    inFlightSpans += b.spans();
    withDeadline(sender.send(b)).onComplete(ar -> {
      inFlight--;
      inFlightSpans -= b.spans();
      if (ar.succeeded()) {
        healthy = true;
        backoffMs = FIRST_BACKOFF_MS;
        metrics.accepted(b.spans());
      } else if (ar.cause() instanceof BatchSender.Refused) {
        metrics.refused(b.spans());
        LOG.warn("a collector refused a batch of " + b.spans() + " spans for good, dropped: " + ar.cause().getMessage());
      } else {
        metrics.retried();
        healthy = false;
        metrics.bufferFull(buffer.addFirst(b));
        LOG.warn("no collector took a batch, retrying: " + ar.cause().getMessage());
        pause();
      }
      pump();
    });
  }

  /** Whatever the sender does, a batch not acknowledged within the timeout counts as failed. */
  private Future<Void> withDeadline(Future<Void> sent) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(timeoutMs + 1000, id -> done.tryFail(new TimeoutException(
        "no answer within " + timeoutMs + " ms")));
    sent.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        done.tryComplete();
      } else {
        done.tryFail(ar.cause());
      }
    });
    return done.future();
  }

  private void pause() {
    if (waiting) {
      return;
    }
    waiting = true;
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    vertx.setTimer(delay, id -> {
      waiting = false;
      pump();
    });
  }
}
