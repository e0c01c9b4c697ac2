package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.weft.async.Futures;
import io.weft.storage.RetriedWrite;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs an operation until it succeeds, waiting 100 ms after the first failure and twice as long
 * after each next one, up to a cap. It gives up only when told to stop (the ingester is closing):
 * then the records are not committed, and whoever owns the partition next reads them again.
 *
 * <p>Each attempt runs in one {@link RetriedWrite}, through which a backend that can tell what an
 * earlier attempt got stored (Cassandra: the rows it acknowledged) sends only the rest; the operation
 * is still called whole each time, so every layer and every other backend sees the whole write again,
 * as before.
 */
final class Retry {
  static final long FIRST_BACKOFF_MS = 100;

  /** What the caller wants to know: each failure, and the success that ends a run of failures. */
  interface Listener {
    void failed(int attempt, Throwable err);

    void recovered(int failedAttempts);
  }

  private Retry() {}

  static Future<Void> untilDone(Vertx vertx, Supplier<Future<Void>> op, long maxBackoffMs, BooleanSupplier stopped,
      Listener listener) {
    Promise<Void> done = Promise.promise();
    RetriedWrite write = new RetriedWrite();
    attempt(vertx, () -> write.attempt(() -> Futures.attempt(op)), maxBackoffMs, stopped, listener, 0,
        FIRST_BACKOFF_MS, done);
    return done.future();
  }

  private static void attempt(Vertx vertx, Supplier<Future<Void>> op, long maxBackoffMs, BooleanSupplier stopped,
      Listener listener, int failures, long backoff, Promise<Void> done) {
    if (stopped.getAsBoolean()) {
      done.tryFail("stopped");
      return;
    }
    Future<Void> f = op.get();
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        if (failures > 0) {
          listener.recovered(failures);
        }
        done.tryComplete();
        return;
      }
      listener.failed(failures + 1, ar.cause());
      vertx.setTimer(backoff, t -> attempt(vertx, op, maxBackoffMs, stopped, listener, failures + 1,
          Math.min(maxBackoffMs, backoff * 2), done));
    });
  }
}
