package io.weft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesGoDurationsToMicros() {
    assertEquals(150_000, Durations.parse("150ms"));
    assertEquals(1_200_000, Durations.parse("1.2s"));
    assertEquals(5_400_000_000L, Durations.parse("1h30m"));
    assertEquals(10, Durations.parse("10us"));
    assertEquals(10, Durations.parse("10µs"));
    assertEquals(10, Durations.parse("10μs"));
    assertEquals(0, Durations.parse("500ns"));
    assertEquals(1, Durations.parse("1500ns"));
    assertEquals(60_000_000, Durations.parse("1m"));
    assertEquals(0, Durations.parse("0"));
    assertEquals(-1_500, Durations.parse("-1.5ms"));
    assertEquals(500_000, Durations.parse(".5s"));
    assertEquals(2_001_000, Durations.parse("2s1ms"));
  }

  @Test
  void rejectsWhatGoRejects() {
    for (String bad : new String[] {"", "1", "ms", "1x", "1d", "1.2.3s", "-", "s1", "1 s", "9999999999999h"}) {
      assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
    }
  }

  @Test
  void lookbackAlsoTakesDaysAndWeeks() {
    assertEquals(2 * 86_400_000_000L, Durations.parseLookback("2d"));
    assertEquals(7 * 86_400_000_000L, Durations.parseLookback("1w"));
    assertEquals(3_600_000_000L, Durations.parseLookback("1h"));
  }

  @Test
  void formatsLikeGo() {
    assertEquals("0s", Durations.format(0));
    assertEquals("250µs", Durations.format(250));
    assertEquals("35ms", Durations.format(35_000));
    assertEquals("-45ms", Durations.format(-45_000));
    assertEquals("1.5ms", Durations.format(1_500));
    assertEquals("1s", Durations.format(1_000_000));
    assertEquals("1.25s", Durations.format(1_250_000));
    assertEquals("1m30s", Durations.format(90_000_000));
    assertEquals("1h0m0s", Durations.format(3_600_000_000L));
    assertEquals("26h3m4.000005s", Durations.format(93_784_000_005L));
    assertEquals(true, Durations.format(Long.MIN_VALUE).startsWith("-"));
  }
}
