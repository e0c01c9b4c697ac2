package io.weft.ingester;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.storage.RetriedWrite;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every attempt of one {@link Retry#untilDone} runs in the same {@link RetriedWrite} (so a backend can
 * send only what an earlier attempt did not store), numbered; outside an attempt there is none.
 */
class RetryTest {
  @Test
  void theAttemptsOfOneOperationShareOneRetriedWrite() {
    Vertx vertx = Vertx.vertx();
    try {
      List<RetriedWrite> seen = new ArrayList<>();
      List<Integer> attempts = new ArrayList<>();
      List<Integer> failures = new ArrayList<>();
      Future<Void> done = Retry.untilDone(vertx, () -> {
        RetriedWrite w = RetriedWrite.current();
        seen.add(w);
        attempts.add(w.attemptNumber());
        return attempts.size() < 3 ? Future.failedFuture("not yet") : Future.succeededFuture();
      }, 1000, () -> false, new Retry.Listener() {
        @Override
        public void failed(int attempt, Throwable err) {
          failures.add(attempt);
        }

        @Override
        public void recovered(int failedAttempts) {
          failures.add(-failedAttempts);
        }
      });
      await(done);
      assertEquals(List.of(1, 2, 3), attempts);
      assertSame(seen.get(0), seen.get(1));
      assertSame(seen.get(0), seen.get(2));
      assertEquals(List.of(1, 2, -2), failures);
      assertNull(RetriedWrite.current(), "none outside an attempt");
      // A second operation: a write of its own.
      List<RetriedWrite> other = new ArrayList<>();
      await(Retry.untilDone(vertx, () -> {
        other.add(RetriedWrite.current());
        return Future.succeededFuture();
      }, 1000, () -> false, null));
      assertEquals(1, other.get(0).attemptNumber());
      assertNotSame(seen.get(0), other.get(0));
    } finally {
      await(vertx.close());
    }
  }
}
