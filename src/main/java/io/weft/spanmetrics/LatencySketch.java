package io.weft.spanmetrics;

import io.weft.wire.ByteSource;
import io.weft.wire.ByteSink;
import java.util.Arrays;

/**
 * A latency distribution from which quantiles are read with a relative error of at most
 * {@link #RELATIVE_ERROR} (1%): DDSketch's logarithmic buckets. A duration d (microseconds, at
 * least 1) falls in bucket i = ceil(log_g(d)) with g = (1 + a) / (1 - a), so g^(i-1) < d <= g^i;
 * the bucket answers 2 g^i / (g + 1), within a * d of every d it holds. Durations under 1 us
 * (0) have a bucket of their own, answered as 0.
 *
 * <p>Counts are weights (a span sampled at 10% counts 10), so a sketch of sampled spans estimates
 * the population's quantiles. Sketches merge by adding counts, and subtract likewise (a sliding
 * window), which is how collectors' buckets combine: the merge of sketches is the sketch of the
 * union. Not thread-safe.
 */
public final class LatencySketch {
  /** Bound of |estimate - true| / true for every quantile. */
  public static final double RELATIVE_ERROR = 0.01;
  static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
  private static final double LOG_GAMMA = Math.log(GAMMA);
  /** Counts below this are float residue of subtraction, not observations. */
  private static final double EPSILON = 1e-9;

  private double zero;
  /** Index of counts[0]. */
  private int offset;
  private double[] counts = new double[0];
  private double count;
  private double sum;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  /** The bucket of a duration of at least 1 us. */
  static int index(long micros) {
    return (int) Math.ceil(Math.log(micros) / LOG_GAMMA - 1e-12);
  }

  /** What bucket i answers: the point whose relative distance to both ends is the same. */
  static double value(int index) {
    return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
  }

  /** Records a duration of {@code micros} (negative counts as 0) observed {@code weight} times. */
  public void add(long micros, double weight) {
    long d = Math.max(0, micros);
    if (d < 1) {
      zero += weight;
    } else {
      addAt(index(d), weight);
    }
    count += weight;
    sum += d * weight;
    min = Math.min(min, d);
    max = Math.max(max, d);
  }

  private void addAt(int index, double weight) {
    if (counts.length == 0) {
      counts = new double[8];
      offset = index - 4;
    } else if (index < offset || index >= offset + counts.length) {
      int lo = Math.min(offset, index);
      int hi = Math.max(offset + counts.length - 1, index);
      int extra = Math.max(4, (hi - lo + 1) / 4); // room to grow, on the side that grew
      int newLo = index < offset ? lo - extra : lo;
      int newHi = index < offset ? hi : hi + extra;
      double[] grown = new double[newHi - newLo + 1];
      System.arraycopy(counts, 0, grown, offset - newLo, counts.length);
      counts = grown;
      offset = newLo;
    }
    counts[index - offset] += weight;
  }

  /** Adds another sketch's observations. */
  public void merge(LatencySketch o) {
    if (o.count == 0 && o.zero == 0) {
      return;
    }
    zero += o.zero;
    for (int i = 0; i < o.counts.length; i++) {
      if (o.counts[i] != 0) {
        addAt(o.offset + i, o.counts[i]);
      }
    }
    count += o.count;
    sum += o.sum;
    min = Math.min(min, o.min);
    max = Math.max(max, o.max);
  }

  /**
   * Removes observations earlier merged in (a window sliding past a bucket). Min and max cannot be
   * taken back: afterwards quantiles are not clamped to them, which the error bound does not need.
   */
  public void subtract(LatencySketch o) {
    zero -= o.zero;
    for (int i = 0; i < o.counts.length; i++) {
      if (o.counts[i] != 0) {
        addAt(o.offset + i, -o.counts[i]);
      }
    }
    count -= o.count;
    sum -= o.sum;
    min = Long.MIN_VALUE; // unknown from here on: not used for clamping
    max = Long.MAX_VALUE;
  }

  /** The weighted number of observations. */
  public double count() {
    return count < EPSILON ? 0 : count;
  }

  /** The weighted sum of the durations, microseconds. */
  public double sum() {
    return sum;
  }

  /**
   * The q-quantile in microseconds (q in [0, 1]): the estimate of the observation of rank
   * floor(q (n - 1)) in ascending order, within {@link #RELATIVE_ERROR} of it; NaN when empty.
   */
  public double quantile(double q) {
    double n = count();
    if (n <= 0) {
      return Double.NaN;
    }
    double rank = q * (n - 1);
    double seen = zero;
    if (seen > rank + EPSILON) {
      return 0;
    }
    for (int i = 0; i < counts.length; i++) {
      double c = counts[i];
      if (c > EPSILON) {
        seen += c;
        if (seen > rank + EPSILON) {
          return clamp(value(offset + i));
        }
      }
    }
    // Float residue left the last bucket a hair short of the rank: the top of the data.
    for (int i = counts.length - 1; i >= 0; i--) {
      if (counts[i] > EPSILON) {
        return clamp(value(offset + i));
      }
    }
    return 0;
  }

  private double clamp(double v) {
    if (min <= max && min != Long.MIN_VALUE && max != Long.MAX_VALUE) {
      return Math.max(min, Math.min(max, v));
    }
    return v;
  }

  public boolean isEmpty() {
    return count() <= 0;
  }

  /** Buckets spanned (a memory and wire-size figure). */
  int span() {
    int lo = 0;
    int hi = counts.length - 1;
    while (lo <= hi && counts[lo] == 0) {
      lo++;
    }
    while (hi >= lo && counts[hi] == 0) {
      hi--;
    }
    return hi < lo ? 0 : hi - lo + 1;
  }

  /**
   * Compact form: flags (bit 0: counts are whole numbers, written as varints; else as doubles),
   * zero, min, max, sum, then first index and the dense run of counts between the first and last
   * non-empty bucket.
   */
  public void writeTo(ByteSink out) {
    int lo = 0;
    int hi = counts.length - 1;
    while (lo <= hi && counts[lo] == 0) {
      lo++;
    }
    while (hi >= lo && counts[hi] == 0) {
      hi--;
    }
    boolean whole = whole(zero) && whole(sum);
    for (int i = lo; whole && i <= hi; i++) {
      whole = whole(counts[i]);
    }
    out.write(whole ? 1 : 0);
    number(out, zero, whole);
    out.writeUVarint(count == 0 ? 0 : min);
    out.writeUVarint(count == 0 ? 0 : max);
    number(out, sum, whole);
    int n = hi < lo ? 0 : hi - lo + 1;
    out.writeUVarint(n);
    if (n > 0) {
      out.writeVarint(offset + lo);
      for (int i = lo; i <= hi; i++) {
        number(out, counts[i], whole);
      }
    }
  }

  /** Reads what {@link #writeTo} wrote. */
  public static LatencySketch readFrom(ByteSource in) {
    LatencySketch s = new LatencySketch();
    boolean whole = (in.readByte() & 1) != 0;
    s.zero = number(in, whole);
    long min = in.readUVarint();
    long max = in.readUVarint();
    s.sum = number(in, whole);
    int n = in.readLength();
    s.count = s.zero;
    if (n > 0) {
      s.offset = (int) in.readVarint();
      s.counts = new double[n];
      for (int i = 0; i < n; i++) {
        s.counts[i] = number(in, whole);
        s.count += s.counts[i];
      }
    }
    if (s.count > 0) {
      s.min = min;
      s.max = max;
    }
    return s;
  }

  private static boolean whole(double v) {
    return v >= 0 && v < 0x1p53 && v == Math.rint(v);
  }

  private static void number(ByteSink out, double v, boolean whole) {
    if (whole) {
      out.writeUVarint((long) v);
    } else {
      out.writeFixed64(Double.doubleToLongBits(v));
    }
  }

  private static double number(ByteSource in, boolean whole) {
    return whole ? in.readUVarint() : Double.longBitsToDouble(in.readFixed64());
  }

  public LatencySketch copy() {
    LatencySketch c = new LatencySketch();
    c.merge(this);
    if (count == 0) {
      c.min = min;
      c.max = max;
    }
    return c;
  }

  @Override
  public String toString() {
    return "LatencySketch{count=" + count + ", p50=" + quantile(0.5) + ", p99=" + quantile(0.99) + ", buckets="
        + Arrays.stream(counts).filter(c -> c != 0).count() + "}";
  }
}
