package io.weft.sampling.adaptive;

import java.util.ArrayList;
import java.util.List;

/**
 * Watches SDK services' sampled counts interval by interval: an operation has converged when its
 * sampled rate over the last {@code window} intervals is within the tolerance of the target.
 */
final class Convergence {
  private final List<SdkService> services;
  private final long intervalMs;
  private final int window;
  private final List<long[]> counts = new ArrayList<>();

  Convergence(List<SdkService> services, long intervalMs, int window) {
    this.services = services;
    this.intervalMs = intervalMs;
    this.window = window;
  }

  /** Samples the counts now (call once per interval). */
  void sample() {
    long[] c = new long[services.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = services.get(i).sampled();
    }
    counts.add(c);
  }

  /** Per service, sampled roots per second over the last window (NaN until there is one). */
  double[] rates() {
    double[] r = new double[services.size()];
    if (counts.size() <= window) {
      java.util.Arrays.fill(r, Double.NaN);
      return r;
    }
    long[] now = counts.get(counts.size() - 1);
    long[] then = counts.get(counts.size() - 1 - window);
    for (int i = 0; i < r.length; i++) {
      r[i] = (now[i] - then[i]) * 1000.0 / (window * intervalMs);
    }
    return r;
  }

  static boolean within(double rate, double target, double tolerance) {
    return Math.abs(rate - target) / target < tolerance;
  }

  /**
   * Samples every interval until every service's rate is within tolerance; the number of intervals
   * it took, or -1 after {@code maxIntervals}.
   */
  int await(double target, double tolerance, int maxIntervals) throws InterruptedException {
    for (int i = 1; i <= maxIntervals; i++) {
      Thread.sleep(intervalMs);
      sample();
      double[] r = rates();
      StringBuilder line = new StringBuilder("interval " + i + ":");
      boolean all = true;
      for (int k = 0; k < r.length; k++) {
        line.append(String.format(" %s %.2f/s", services.get(k).operation(), r[k]));
        all &= within(r[k], target, tolerance);
      }
      System.out.println(line);
      if (all) {
        return i;
      }
    }
    return -1;
  }
}
