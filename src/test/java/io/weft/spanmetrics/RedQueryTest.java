package io.weft.spanmetrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RedQueryTest {
  static final long W = 15_000;
  static final long T0 = 1_700_000_100_000L - 1_700_000_100_000L % 60_000; // a minute boundary

  final NavigableMap<Long, Map<SeriesKey, Cell>> buckets = new TreeMap<>();

  void put(long start, String service, String op, SpanKind kind, boolean error, long micros, int n) {
    SeriesKey k = new SeriesKey(service, op, kind, error ? StatusCode.ERROR : StatusCode.UNSET);
    Cell c = buckets.computeIfAbsent(start, s -> new HashMap<>()).computeIfAbsent(k, x -> new Cell());
    for (int i = 0; i < n; i++) {
      c.add(micros, 1);
    }
  }

  static RedQuery.Params params(boolean byOp, long end, long lookback, long step, long ratePer, double... q) {
    return new RedQuery.Params(List.of("api"), byOp, Set.of(SpanKind.SERVER), end, lookback, step, ratePer, q);
  }

  @Test
  void ratesErrorRatiosAndQuantilesOverSlidingWindows() {
    // Minute 0: 60 calls of /a (6 errors), 1 ms; minute 1: 120 calls of /a, 10 ms, and 30 of /b, 100 ms.
    for (int b = 0; b < 4; b++) {
      put(T0 + b * W, "api", "/a", SpanKind.SERVER, false, 1000, 15 - (b < 2 ? 3 : 0));
      put(T0 + b * W, "api", "/a", SpanKind.SERVER, true, 1000, b < 2 ? 3 : 0);
      put(T0 + 60_000 + b * W, "api", "/a", SpanKind.SERVER, false, 10_000, 30);
      put(T0 + 60_000 + b * W, "api", "/b", SpanKind.SERVER, false, 100_000, 7 + (b == 0 ? 2 : 0));
      put(T0 + b * W, "api", "/c", SpanKind.CLIENT, false, 5, 1000); // another kind: filtered out
      put(T0 + b * W, "other", "/a", SpanKind.SERVER, false, 5, 1000); // another service
    }
    long end = T0 + 120_000;
    RedQuery.Result r = RedQuery.compute(params(false, end, 120_000, 60_000, 60_000, 0.5, 0.99), W, buckets);
    assertArrayEquals(new long[] {T0, T0 + 60_000, T0 + 120_000}, r.timestamps());
    assertEquals(1, r.groups().size());
    RedQuery.Group g = r.groups().get(0);
    assertEquals("api", g.service());
    assertNull(g.operation());
    assertEquals(0, g.callRate()[0]);
    assertEquals(1.0, g.callRate()[1], 1e-12); // 60 calls in 60 s
    assertEquals(2.5, g.callRate()[2], 1e-12); // 150 calls
    assertTrue(Double.isNaN(g.errorRatio()[0]), "no calls: 0/0");
    assertEquals(0.1, g.errorRatio()[1], 1e-12);
    assertEquals(0, g.errorRatio()[2], 1e-12);
    assertTrue(Double.isNaN(g.latencyMs()[0][0]));
    assertEquals(1.0, g.latencyMs()[0][1], 0.01);
    assertEquals(10.0, g.latencyMs()[0][2], 0.1); // median of 120 x 10 ms and 30 x 100 ms
    assertEquals(100.0, g.latencyMs()[1][2], 1.0);

    RedQuery.Result byOp = RedQuery.compute(params(true, end, 120_000, 15_000, 30_000, 0.95), W, buckets);
    assertEquals(List.of("/a", "/b"), byOp.groups().stream().map(RedQuery.Group::operation).toList());
    RedQuery.Group b = byOp.groups().get(1);
    int last = byOp.timestamps().length - 1;
    assertEquals(9, byOp.timestamps().length);
    assertEquals(14.0 / 30, b.callRate()[last], 1e-12); // the last two buckets: 7 + 7 calls in 30 s
    assertEquals(16.0 / 30, b.callRate()[last - 2], 1e-12); // 9 + 7
  }

  @Test
  void aWindowSmallerThanABucketTakesOneBucketAndAStepPastTheWindowJumps() {
    put(T0, "api", "/a", SpanKind.SERVER, false, 2000, 30);
    put(T0 + 15_000, "api", "/a", SpanKind.SERVER, false, 4000, 15);
    put(T0 + 45_000, "api", "/a", SpanKind.SERVER, false, 8000, 15);
    RedQuery.Result r = RedQuery.compute(params(false, T0 + 60_000, 60_000, 15_000, 1000, 0.5), W, buckets);
    RedQuery.Group g = r.groups().get(0);
    assertArrayEquals(new double[] {0, 2, 1, 0, 1}, g.callRate(), 1e-12);
    assertEquals(2.0, g.latencyMs()[0][1], 0.02);
    assertEquals(4.0, g.latencyMs()[0][2], 0.04);
    assertTrue(Double.isNaN(g.latencyMs()[0][3]));
    assertEquals(8.0, g.latencyMs()[0][4], 0.08);
  }

  @Test
  void unknownServiceHasNoGroups() {
    put(T0, "api", "/a", SpanKind.SERVER, false, 2000, 30);
    RedQuery.Params p = new RedQuery.Params(List.of("nobody"), false, Set.of(SpanKind.SERVER), T0 + 60_000, 60_000,
        15_000, 60_000, new double[] {0.5});
    assertEquals(List.of(), RedQuery.compute(p, W, buckets).groups());
  }
}
