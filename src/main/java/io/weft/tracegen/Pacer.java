package io.weft.tracegen;

/**
 * Keeps a fixed rate of spans per second at any rate: credit grows with the time that really passed,
 * counted in span-nanoseconds, so no fraction of a span is lost to rounding however small the rate or
 * short the tick. Credit beyond {@code burstSpans} is dropped (and counted): after a stall the sender
 * catches up by at most that much rather than without end. tracegen gives one request plus five seconds'
 * worth, so a paused event loop or slow answers (a cold start's first requests take a second or more on
 * a busy machine) cost nothing; a longer shortfall means the target (or {@code --concurrency}) cannot
 * take the rate, and the summary says so.
 */
final class Pacer {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long rate;
  private final long maxCredit;
  private long credit;
  private long lastNanos;
  private double behindSpans;

  Pacer(long spansPerSecond, long burstSpans, long startNanos) {
    if (spansPerSecond < 1 || spansPerSecond > NANOS_PER_SECOND) {
      throw new IllegalArgumentException("rate must be 1 to 1,000,000,000 spans per second");
    }
    this.rate = spansPerSecond;
    this.maxCredit = Math.multiplyExact(Math.max(1, burstSpans), NANOS_PER_SECOND);
    this.lastNanos = startNanos;
  }

  /** tracegen's pacer: a burst of the largest request plus five seconds of the rate (see above). */
  static Pacer forRequests(long spansPerSecond, int largestRequest, long startNanos) {
    return new Pacer(spansPerSecond, largestRequest + 5 * spansPerSecond, startNanos);
  }

  /** Takes credit for {@code spans} spans if the time up to {@code nowNanos} has earned it. */
  boolean tryTake(int spans, long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastNanos);
    lastNanos = nowNanos;
    if (elapsed > (maxCredit - credit) / rate) {
      // more than the burst holds: the excess is counted, in spans (a double: a long stall at a high rate is
      // more span-nanoseconds than a long holds)
      behindSpans += ((double) rate * elapsed - (maxCredit - credit)) / NANOS_PER_SECOND;
      credit = maxCredit;
    } else {
      credit += rate * elapsed;
    }
    long cost = spans * NANOS_PER_SECOND;
    if (credit < cost) {
      return false;
    }
    credit -= cost;
    return true;
  }

  /** Spans the rate allowed but that could not go (credit dropped beyond the burst). */
  long behind() {
    return (long) behindSpans;
  }
}
