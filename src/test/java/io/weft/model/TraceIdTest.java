package io.weft.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceIdTest {
  /** The shape TraceId had with a record's generated equals and hashCode. */
  private record Generated(long high, long low) {}

  @Test
  void equalsAndHashCodeAreTheRecordsOwn() {
    SplittableRandom r = new SplittableRandom(20);
    long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
    for (int i = 0; i < 10_000; i++) {
      long high = i < 25 ? edges[i % 5] : r.nextLong();
      long low = i < 25 ? edges[i / 5] : r.nextLong();
      TraceId id = new TraceId(high, low);
      assertEquals(new Generated(high, low).hashCode(), id.hashCode());
      assertEquals(new TraceId(high, low), id);
      assertNotEquals(new TraceId(high, low + 1), id);
      assertNotEquals(new TraceId(high + 1, low), id);
    }
    assertNotEquals(new TraceId(1, 2), (Object) new Generated(1, 2));
    assertNotEquals(new TraceId(1, 2), null);
  }
}
