package io.weft.tracegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each request of tracegen holds: whole traces, exact span counts, big traces in parts. */
class RequestPlanTest {

  /** Every request of a plan with a span limit, in order. */
  static List<RequestPlan.Request> all(RequestPlan plan) {
    List<RequestPlan.Request> out = new ArrayList<>();
    for (RequestPlan.Request r = plan.peek(); r != null; r = plan.peek()) {
      out.add(r);
      plan.take();
    }
    assertTrue(plan.done());
    return out;
  }

  static long spans(List<RequestPlan.Request> requests) {
    return requests.stream().mapToLong(RequestPlan.Request::spans).sum();
  }

  @Test
  void aSpanLimitIsSentExactly() {
    for (long limit : new long[] {1, 7, 8, 9, 40, 41, 511, 512, 513, 1000, 5120, 12_345}) {
      List<RequestPlan.Request> rs = all(new RequestPlan(512, 8, limit, 0));
      assertEquals(limit, spans(rs), "--spans=" + limit);
      // only the very last trace may be smaller than --spans-per-trace
      for (int i = 0; i < rs.size() - 1; i++) {
        assertEquals(8, rs.get(i).traceSpans(), "--spans=" + limit);
      }
      assertTrue(rs.stream().allMatch(r -> r.spans() <= 512));
    }
    assertEquals(List.of(new RequestPlan.Request(5, 8, 0, 1, 40)), all(new RequestPlan(512, 8, 40, 0)));
  }

  @Test
  void aBatchThatIsNotAMultipleOfTheTraceSizeHoldsWholeTraces() {
    RequestPlan plan = new RequestPlan(10, 3, 0, 0);
    for (int i = 0; i < 5; i++) {
      RequestPlan.Request r = plan.peek();
      assertEquals(new RequestPlan.Request(3, 3, 0, 1, 9), r);
      plan.take();
    }
    assertEquals(List.of(new RequestPlan.Request(3, 3, 0, 1, 9), new RequestPlan.Request(3, 3, 0, 1, 9),
        new RequestPlan.Request(1, 2, 0, 1, 2)), all(new RequestPlan(10, 3, 20, 0)));
  }

  @Test
  void aTraceLargerThanABatchGoesWholeInParts() {
    List<RequestPlan.Request> rs = all(new RequestPlan(8, 30, 75, 0));
    assertEquals(List.of(
        new RequestPlan.Request(1, 30, 0, 4, 8), new RequestPlan.Request(1, 30, 1, 4, 8),
        new RequestPlan.Request(1, 30, 2, 4, 8), new RequestPlan.Request(1, 30, 3, 4, 6),
        new RequestPlan.Request(1, 30, 0, 4, 8), new RequestPlan.Request(1, 30, 1, 4, 8),
        new RequestPlan.Request(1, 30, 2, 4, 8), new RequestPlan.Request(1, 30, 3, 4, 6),
        new RequestPlan.Request(1, 15, 0, 2, 8), new RequestPlan.Request(1, 15, 1, 2, 7)), rs);
    assertEquals(List.of(false, false, false, true), rs.subList(0, 4).stream().map(RequestPlan.Request::lastPart).toList());
    assertEquals(8, new RequestPlan(8, 30, 0, 0).largestRequest());
  }

  @Test
  void atARateARequestHoldsAtMostATenthOfASecondOfWholeTraces() {
    assertEquals(new RequestPlan.Request(1, 8, 0, 1, 8), new RequestPlan(512, 8, 0, 150).peek());
    assertEquals(new RequestPlan.Request(1, 8, 0, 1, 8), new RequestPlan(512, 8, 0, 1).peek());
    assertEquals(new RequestPlan.Request(12, 8, 0, 1, 96), new RequestPlan(512, 8, 0, 1000).peek());
    assertEquals(new RequestPlan.Request(64, 8, 0, 1, 512), new RequestPlan(512, 8, 0, 100_000).peek());
    assertEquals(8, new RequestPlan(512, 8, 0, 1).largestRequest());
    // a trace larger than the batch goes in parts of a tenth of a second's worth
    assertEquals(new RequestPlan.Request(1, 2000, 0, 40, 50), new RequestPlan(512, 2000, 0, 500).peek());
  }

  @Test
  void withoutALimitThePlanNeverEnds() {
    RequestPlan plan = new RequestPlan(512, 8, 0, 0);
    for (int i = 0; i < 10_000; i++) {
      plan.take();
    }
    assertEquals(new RequestPlan.Request(64, 8, 0, 1, 512), plan.peek());
    assertTrue(!plan.done());
    RequestPlan once = new RequestPlan(512, 8, 3, 0);
    once.take();
    assertNull(once.peek());
  }
}
