package io.weft.async;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** Small helpers for composing Vert.x futures. */
public final class Futures {
  private Futures() {}

  /**
   * Starts an asynchronous operation; one that throws instead of returning a failed future fails
   * the returned future, so callers answer every error in one place.
   */
  public static <T> Future<T> attempt(Supplier<Future<T>> op) {
    try {
      return op.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
