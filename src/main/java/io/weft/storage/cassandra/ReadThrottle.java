package io.weft.storage.cassandra;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weft.async.Futures;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * At most {@code max} reads of one search at Cassandra at once; the others wait their turn. A
 * search without a service reads one partition per service and bucket, and this keeps it from
 * flooding the driver's connections (and the cluster) with hundreds of reads at a time.
 */
final class ReadThrottle {
  private final int max;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  ReadThrottle(int max) {
    this.max = max;
  }

  <T> Future<T> run(Supplier<Future<T>> read) {
    Promise<T> done = Promise.promise();
    Runnable start = () -> {
      Future<T> f = Futures.attempt(read);
      f.onComplete(ar -> {
        finished();
        done.handle(ar);
      });
    };
    boolean now;
    synchronized (this) {
      now = running < max;
      if (now) {
        running++;
      } else {
        waiting.add(start);
      }
    }
    if (now) {
      start.run();
    }
    return done.future();
  }

  private void finished() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      next.run(); // takes over the slot
    }
  }
}
