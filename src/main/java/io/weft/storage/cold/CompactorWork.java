package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compactor role's rounds, one at a time: list the blocks, hand off what is due, compact, apply
 * retention. A failed round (the object store or the hot store unreachable) changes nothing visible
 * and is counted; the next round, a little later each time up to a minute, tries again.
 */
public final class CompactorWork {
  private static final Logger LOG = LoggerFactory.getLogger(CompactorWork.class);
  private final ColdStore cold;
  private final Handoff handoff;
  private final Compaction compaction;
  private final Retention retention;
  private Future<Void> running = Future.succeededFuture();
  private int failures;

  CompactorWork(ColdStore cold, Handoff handoff, Compaction compaction, Retention retention) {
    this.cold = cold;
    this.handoff = handoff;
    this.compaction = compaction;
    this.retention = retention;
  }

  /** One round at {@code nowMicros} (after the one running, if any). */
  public synchronized Future<Void> round(long nowMicros) {
    Promise<Void> done = Promise.promise();
    handoff.roundAt(nowMicros);
    running = running.transform(x -> cold.refresh()
        .compose(v -> handoff.catchUp(nowMicros))
        .compose(n -> compaction.run())
        .compose(n -> retention.run(nowMicros))
        .<Void>mapEmpty()
        .onComplete(ar -> {
          synchronized (this) {
            if (ar.succeeded()) {
              if (failures > 0) {
                LOG.info("cold storage: rounds succeed again ({})", cold.objects.describe());
              }
              failures = 0;
            } else {
              cold.metrics.handoffFailed();
              if (failures++ == 0) {
                LOG.warn("cold storage: handoff round failed, hot data kept, retrying: {}", ar.cause().getMessage());
              }
            }
          }
          done.handle(ar);
        })
        .transform(ar -> Future.succeededFuture()));
    return done.future();
  }

  /** How far the handoff is behind ({@code weft_cold_handoff_lag_seconds}). */
  double lagSeconds() {
    return handoff.lagSeconds();
  }

  /** Milliseconds until the next round: a block window's tenth, at most the poll interval, backing off after failures. */
  synchronized long nextDelayMillis() {
    long base = Math.max(1000, Math.min(cold.settings.pollMicros(), cold.settings.blockWindowMicros() / 10) / 1000);
    return failures == 0 ? base : Math.min(60_000, base << Math.min(6, failures));
  }

  /** Ends the round in progress after its current window (a long catch-up need not finish); completes then. */
  public synchronized Future<Void> stop() {
    handoff.stopping = true;
    return running;
  }

  /** Rounds may run again (the role started on this node again). */
  synchronized void resume() {
    handoff.stopping = false;
  }
}
