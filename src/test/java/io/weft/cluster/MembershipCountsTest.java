package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The desired counts travel as one entry; its text form is canonical so an unchanged set is no change. */
class MembershipCountsTest {
  @Test
  void countsEncodeSortedAndDecodeBack() {
    String text = Membership.encode(Map.of("query", 1, "collector", 2, "agent", 0));
    assertEquals("agent=0,collector=2,query=1", text);
    assertEquals(Map.of("agent", 0, "collector", 2, "query", 1), Membership.decode(text));
    assertEquals(Map.of(), Membership.decode(null));
    assertEquals(Map.of(), Membership.decode(""));
  }
}
