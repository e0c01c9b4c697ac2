package io.weft.tracegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * tracegen's pacing on a simulated clock: the number of spans sent after any time is the rate times
 * that time, less at most one request, at rates from 1 span/s up, with even or uneven ticks.
 */
class PacerTest {
  private static final long SECOND = 1_000_000_000L;

  /** Sends as tracegen's pump does (no concurrency limit) at each tick; returns the spans sent by {@code end}. */
  static long run(long rate, int batch, int spansPerTrace, long end, long[] ticks) {
    RequestPlan plan = new RequestPlan(batch, spansPerTrace, 0, rate);
    Pacer pacer = Pacer.forRequests(rate, plan.largestRequest(), 0);
    long sent = 0;
    for (long now : ticks) {
      if (now > end) {
        break;
      }
      while (pacer.tryTake(plan.peek().spans(), now)) {
        sent += plan.peek().spans();
        plan.take();
      }
      assertTrue(sent * SECOND <= rate * now, "never ahead of the rate: " + sent + " at " + now + " ns, rate " + rate);
    }
    assertEquals(0, pacer.behind(), "rate " + rate);
    return sent;
  }

  static long[] evenTicks(long every, long end) {
    long[] t = new long[(int) (end / every)];
    for (int i = 0; i < t.length; i++) {
      t[i] = (i + 1) * every;
    }
    return t;
  }

  @Test
  void everyRateIsKeptWithFiveMillisecondTicks() {
    long end = 20 * SECOND;
    for (long rate : new long[] {1, 3, 7, 50, 150, 199, 200, 999, 1000, 1234, 77_777, 1_000_000}) {
      RequestPlan plan = new RequestPlan(512, 8, 0, rate);
      long sent = run(rate, 512, 8, end, evenTicks(5_000_000L, end));
      long expected = rate * 20;
      assertTrue(sent <= expected && sent > expected - plan.largestRequest(),
          "rate " + rate + ": sent " + sent + " in 20 s, expected " + expected);
    }
  }

  @Test
  void unevenTicksDoNotChangeTheRate() {
    SplittableRandom rnd = new SplittableRandom(3);
    long end = 30 * SECOND;
    long[] ticks = new long[20_000];
    long now = 0;
    int n = 0;
    while (n < ticks.length && now < end) {
      now += 1_000_000L + rnd.nextLong(30_000_000L); // 1 to 31 ms apart
      ticks[n++] = now;
    }
    long[] used = java.util.Arrays.copyOf(ticks, n);
    long last = used[n - 1];
    for (long rate : new long[] {10, 150, 999, 5_000}) {
      long sent = run(rate, 512, 8, last, used);
      long expected = rate * last / SECOND;
      assertTrue(sent <= expected && sent > expected - new RequestPlan(512, 8, 0, rate).largestRequest(),
          "rate " + rate + ": sent " + sent + ", expected " + expected);
    }
  }

  @Test
  void creditAfterAStallIsCappedAtTheBurst() {
    Pacer pacer = new Pacer(1000, 100, 0);
    assertFalse(pacer.tryTake(1, 0));
    assertTrue(pacer.tryTake(100, 60 * SECOND), "a minute earned far more than the burst");
    assertFalse(pacer.tryTake(1, 60 * SECOND), "but only the burst was kept");
    assertTrue(pacer.tryTake(1, 60 * SECOND + SECOND / 1000));
    assertEquals(60_000 - 100, pacer.behind(), "what the minute earned beyond the burst is counted");
  }

  @Test
  void aRequestLargerThanOneSecondOfRateStillGoes() {
    Pacer pacer = new Pacer(1, 8, 0);
    assertFalse(pacer.tryTake(8, 7 * SECOND));
    assertTrue(pacer.tryTake(8, 8 * SECOND));
    assertEquals(false, pacer.tryTake(8, 15 * SECOND));
  }
}
