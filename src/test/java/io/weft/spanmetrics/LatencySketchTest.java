package io.weft.spanmetrics;

import io.weft.wire.ByteSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.wire.ByteSink;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {
  static final double[] QS = {0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

  /** The estimate of the value of rank floor(q (n - 1)) is within the stated relative error. */
  static void assertWithinError(long[] sorted, LatencySketch s) {
    for (double q : QS) {
      long exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
      double est = s.quantile(q);
      assertTrue(Math.abs(est - exact) <= LatencySketch.RELATIVE_ERROR * exact + 1e-9,
          "q=" + q + " exact=" + exact + " estimate=" + est);
    }
  }

  @Test
  void quantilesOfSeveralDistributionsAreWithinTheStatedError() {
    Random r = new Random(42);
    for (int dist = 0; dist < 4; dist++) {
      long[] v = new long[20_000];
      for (int i = 0; i < v.length; i++) {
        v[i] = switch (dist) {
          case 0 -> 1 + r.nextInt(1_000_000); // uniform up to 1 s
          case 1 -> (long) Math.exp(6 + 2 * r.nextGaussian()); // log-normal around 400 us
          case 2 -> r.nextInt(10) == 0 ? 2_000_000 + r.nextInt(100_000) : 900 + r.nextInt(200); // bimodal
          default -> 1 + r.nextInt(3); // tiny values, including 1 us
        };
      }
      LatencySketch s = new LatencySketch();
      for (long x : v) {
        s.add(x, 1);
      }
      Arrays.sort(v);
      assertWithinError(v, s);
      assertEquals(v.length, s.count(), 0);
    }
  }

  @Test
  void zeroDurationsAndEmptySketch() {
    LatencySketch s = new LatencySketch();
    assertTrue(Double.isNaN(s.quantile(0.5)));
    s.add(0, 1);
    s.add(0, 1);
    s.add(100, 1);
    assertEquals(0, s.quantile(0.5));
    assertEquals(100, s.quantile(1), 1);
  }

  @Test
  void mergedSketchesAnswerLikeOneSketchOfTheUnion() {
    Random r = new Random(7);
    LatencySketch a = new LatencySketch();
    LatencySketch b = new LatencySketch();
    long[] all = new long[10_000];
    for (int i = 0; i < all.length; i++) {
      all[i] = 10 + r.nextInt(i < 5000 ? 1000 : 100_000);
      (i < 5000 ? a : b).add(all[i], 1);
    }
    a.merge(b);
    Arrays.sort(all);
    assertWithinError(all, a);
  }

  @Test
  void weightsCountAsRepeatedObservations() {
    LatencySketch weighted = new LatencySketch();
    LatencySketch repeated = new LatencySketch();
    for (int i = 1; i <= 100; i++) {
      weighted.add(i * 1000L, 4);
      for (int k = 0; k < 4; k++) {
        repeated.add(i * 1000L, 1);
      }
    }
    assertEquals(400, weighted.count());
    for (double q : QS) {
      assertEquals(repeated.quantile(q), weighted.quantile(q), 1e-9);
    }
  }

  @Test
  void subtractingWhatWasMergedLeavesTheRest() {
    LatencySketch window = new LatencySketch();
    LatencySketch old = new LatencySketch();
    LatencySketch kept = new LatencySketch();
    for (int i = 0; i < 1000; i++) {
      old.add(50_000 + i, 1);
      kept.add(100 + i, 1);
    }
    window.merge(old);
    window.merge(kept);
    window.subtract(old);
    assertEquals(1000, window.count());
    assertEquals(kept.quantile(0.99), window.quantile(0.99), kept.quantile(0.99) * LatencySketch.RELATIVE_ERROR * 2);
    assertTrue(window.quantile(1) < 1200, "nothing of the subtracted sketch is left");
  }

  @Test
  void encodingRoundTripsWholeAndFractionalCounts() {
    for (double w : new double[] {1, 10, 1 / 0.3}) {
      LatencySketch s = new LatencySketch();
      for (int i = 0; i < 500; i++) {
        s.add(1000 + i * 37L, w);
      }
      s.add(0, w);
      ByteSink out = new ByteSink(64);
      s.writeTo(out);
      LatencySketch back = LatencySketch.readFrom(new ByteSource(out.toByteArray()));
      assertEquals(s.count(), back.count(), 1e-9);
      assertEquals(s.sum(), back.sum(), 1e-6);
      for (double q : QS) {
        assertEquals(s.quantile(q), back.quantile(q), 1e-9);
      }
    }
  }
}
