package io.weft.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Calls made on a chosen event loop, for tests of what a call does to that loop. */
public final class LoopCalls {
  private LoopCalls() {}

  /** Runs {@code call} on {@code loop}; its future fails unless the call's own completes on that same context. */
  public static <T> Future<T> onLoop(Context loop, Supplier<Future<T>> call) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(v -> call.get().onComplete(ar -> {
      if (Vertx.currentContext() != loop) {
        done.fail("completed on " + Vertx.currentContext() + ", not the caller's context " + loop);
      } else {
        done.handle(ar);
      }
    }));
    return done.future();
  }
}
