package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's writes (storage, dead letters) retried until they succeed ({@link Retry}), counted
 * and logged without flooding; while a pausing one fails, {@link #failing()} tells the loop to pause
 * reading. On the loop's context.
 */
final class Persist {
  private static final Logger LOG = LoggerFactory.getLogger(IngesterLoop.class);
  private final Vertx vertx;
  private final long maxBackoffMs;
  private final IngesterMetrics metrics;
  private final BooleanSupplier stopped;
  private final IntSupplier assigned;
  private int failing;

  Persist(Vertx vertx, long maxBackoffMs, IngesterMetrics metrics, BooleanSupplier stopped, IntSupplier assigned) {
    this.vertx = vertx;
    this.maxBackoffMs = maxBackoffMs;
    this.metrics = metrics;
    this.stopped = stopped;
    this.assigned = assigned;
  }

  /** Whether a pausing write is failing now. */
  boolean failing() {
    return failing > 0;
  }

  /** With {@code pausing}, reading pauses while the operation fails. */
  Future<Void> run(Supplier<Future<Void>> op, String what, boolean pausing) {
    return Retry.untilDone(vertx, op, maxBackoffMs, stopped, new Retry.Listener() {
      @Override
      public void failed(int attempt, Throwable err) {
        metrics.writeFailures.increment();
        if (attempt == 1 && !pausing) {
          LOG.warn("{} failed, retrying: {}", what, err.toString());
        } else if (attempt == 1) {
          failing++;
          LOG.warn("{} failed, pausing {} partition(s) and retrying: {}", what, assigned.getAsInt(), err.toString());
        } else if (Long.bitCount(attempt) == 1) { // 2, 4, 8, ...: a log line that does not flood
          LOG.warn("{} failed {} times, still retrying: {}", what, attempt, err.toString());
        }
      }

      @Override
      public void recovered(int failedAttempts) {
        if (pausing) {
          failing--;
        }
        LOG.info("{} succeeded after {} failed attempt(s); resuming", what, failedAttempts);
      }
    });
  }
}
