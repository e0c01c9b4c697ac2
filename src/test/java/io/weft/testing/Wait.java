package io.weft.testing;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one place tests wait: polls a condition or a probe until it holds (outages, rebalances and
 * asynchronous writes take their time), and blocks on a Vert.x future from a test thread. A probe may
 * throw: the exception fails the wait at once (a probe that should ride out errors catches them).
 */
public final class Wait {
  private static final long EVERY_MS = 100;

  private Wait() {}

  /** A condition that may throw. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** A probe that gives null until what it looks for is there; it may throw. */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code seconds}. */
  public static void until(String what, int seconds, Condition condition) throws InterruptedException {
    until(what, seconds, EVERY_MS, condition);
  }

  /** Polls {@code condition} every {@code everyMs} until it holds; fails after {@code seconds}. */
  public static void until(String what, int seconds, long everyMs, Condition condition)
      throws InterruptedException {
    forValue(what, seconds, everyMs, () -> condition.holds() ? Boolean.TRUE : null);
  }

  /** Polls {@code probe} every 100 ms until it gives a non-null value, and returns that; fails after {@code seconds}. */
  public static <T> T forValue(String what, int seconds, Probe<T> probe) throws InterruptedException {
    return forValue(what, seconds, EVERY_MS, probe);
  }

  /** Polls {@code probe} every {@code everyMs} until it gives a non-null value; fails after {@code seconds}. */
  public static <T> T forValue(String what, int seconds, long everyMs, Probe<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      T v;
      try {
        v = probe.get();
      } catch (RuntimeException | InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError("failed waiting for " + what + ": " + e, e);
      }
      if (v != null) {
        return v;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(everyMs);
    }
  }

  /** The future's result, waiting up to 30 s; a failure or a timeout fails the test. */
  public static <T> T await(Future<T> f) {
    return await(f, 30);
  }

  /** The future's result, waiting up to {@code seconds}; a failure or a timeout fails the test. */
  public static <T> T await(Future<T> f, int seconds) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (Exception e) {
      throw new AssertionError("the call failed or took over " + seconds + " s", e);
    }
  }
}
