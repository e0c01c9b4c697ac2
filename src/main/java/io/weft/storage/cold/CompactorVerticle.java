package io.weft.storage.cold;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;

/**
 * The compactor role on a node: rounds of {@link CompactorWork} from start to stop. One node runs it
 * (the cluster's role count), so one writer hands off, merges and deletes at a time; when that node
 * dies the role starts elsewhere and the next round redoes whatever was cut short.
 */
public final class CompactorVerticle extends AbstractVerticle {
  private final CompactorWork work;
  private volatile boolean stopped;
  private long timer = -1;

  public CompactorVerticle(CompactorWork work) {
    this.work = work;
  }

  @Override
  public void start() {
    work.resume();
    schedule(0);
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, delayMs), id -> work.round(System.currentTimeMillis() * 1000)
        .onComplete(ar -> schedule(work.nextDelayMillis())));
  }

  /** Stops after the round in progress, so two nodes never write at once across a role move. */
  @Override
  public void stop(Promise<Void> done) {
    stopped = true;
    vertx.cancelTimer(timer);
    work.stop().onComplete(ar -> done.complete());
  }
}
