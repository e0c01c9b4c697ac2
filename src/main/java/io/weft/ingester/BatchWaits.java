package io.weft.ingester;

import io.vertx.core.Promise;

/**
 * A batch's waits on its traces, counted on the loop (where every waiter runs). A trace buffered on the
 * worker may be decided, and run its waiters, before the worker's count of the batch's waits arrives: the
 * count may dip below zero until {@link #release}.
 */
final class BatchWaits implements Runnable {
  final Promise<Void> done = Promise.promise();
  private int pending;
  private boolean released;

  @Override
  public void run() {
    if (--pending == 0 && released) {
      done.complete();
    }
  }

  void add(int n) {
    pending += n;
  }

  void release() {
    released = true;
    if (pending == 0) {
      done.complete();
    }
  }
}
