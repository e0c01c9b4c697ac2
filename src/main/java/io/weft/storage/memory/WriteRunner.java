package io.weft.storage.memory;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Where the memory store applies a write: a write of {@link #OFF_LOOP_SPANS} spans or more called on an
 * event loop runs on a worker thread (unordered: the store has always taken concurrent writes, from
 * collectors' loops) and completes on the caller's context once applied; any other write runs on the
 * caller's thread and its future comes back completed.
 */
final class WriteRunner {
  /**
   * An ingester's batch (9k spans) held its loop for milliseconds; a collector's request (hundreds of
   * spans) stays on its loop, where the write costs less than the hop to a worker.
   */
  static final int OFF_LOOP_SPANS = 1_000;

  private WriteRunner() {}

  /** Applies {@code write}, of {@code spans} spans; a failure fails the future. */
  static Future<Void> run(int spans, Runnable write) {
    Context loop = Context.isOnEventLoopThread() ? Vertx.currentContext() : null;
    if (spans >= OFF_LOOP_SPANS && loop != null) {
      return loop.executeBlocking(() -> {
        write.run();
        return null;
      }, false);
    }
    try {
      write.run();
      return Future.succeededFuture();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
