package io.weft.testing;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The longest stretch an event loop ran nothing else: a 1 ms periodic timer on the loop notes the gaps
 * between its firings, so a task holding the loop for 40 ms shows as a gap of about 40 ms whichever
 * callback (and however many hops) it was. An upper bound: a thread the OS did not run counts too. For
 * benches only.
 */
public final class LoopGaps {
  private final Vertx vertx;
  private final Context loop;
  private long timer = -1;
  private long last;
  private long maxGap;

  public LoopGaps(Vertx vertx, Context loop) {
    this.vertx = vertx;
    this.loop = loop;
  }

  /** Starts noting gaps afresh (waits until the timer runs). */
  public void start() throws Exception {
    CompletableFuture<Void> started = new CompletableFuture<>();
    loop.runOnContext(v -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      last = System.nanoTime();
      maxGap = 0;
      timer = vertx.setPeriodic(1, id -> {
        long now = System.nanoTime();
        maxGap = Math.max(maxGap, now - last);
        last = now;
      });
      started.complete(null);
    });
    started.get(10, TimeUnit.SECONDS);
  }

  /** The longest gap (ms) since {@link #start}, up to now; stops noting. */
  public double stop() throws Exception {
    CompletableFuture<Double> gap = new CompletableFuture<>();
    loop.runOnContext(v -> {
      vertx.cancelTimer(timer);
      timer = -1;
      gap.complete(Math.max(maxGap, System.nanoTime() - last) / 1e6);
    });
    return gap.get(60, TimeUnit.SECONDS);
  }

  /** The median of a bench's figures (the upper middle for an even count). */
  public static double median(double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  public static double max(double[] ms) {
    return Arrays.stream(ms).max().orElse(0);
  }
}
