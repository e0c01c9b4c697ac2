package io.weft.tracegen;

/**
 * Keeps a fixed rate of spans per second at any rate: credit grows with the time that really passed,
 * counted in span-nanoseconds, so no fraction of a span is lost to rounding however small the rate or
 * short the tick. Credit beyond {@code burstSpans} is dropped: after a stall the sender catches up by at
 * most that much rather than in one flood. tracegen gives one request plus a tenth of a second's worth:
 * ticks up to 0.1 s late lose nothing.
 */
final class Pacer {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long rate;
  private final long maxCredit;
  private long credit;
  private long lastNanos;

  Pacer(long spansPerSecond, long burstSpans, long startNanos) {
    if (spansPerSecond < 1 || spansPerSecond > NANOS_PER_SECOND) {
      throw new IllegalArgumentException("rate must be 1 to 1,000,000,000 spans per second");
    }
    this.rate = spansPerSecond;
    this.maxCredit = Math.multiplyExact(Math.max(1, burstSpans), NANOS_PER_SECOND);
    this.lastNanos = startNanos;
  }

  /** Takes credit for {@code spans} spans if the time up to {@code nowNanos} has earned it. */
  boolean tryTake(int spans, long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastNanos);
    lastNanos = nowNanos;
    long earned = elapsed > maxCredit / rate ? maxCredit : rate * elapsed;
    credit = Math.min(maxCredit, credit + earned);
    long cost = spans * NANOS_PER_SECOND;
    if (credit < cost) {
      return false;
    }
    credit -= cost;
    return true;
  }
}
