package io.weft.spanmetrics.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The span-metrics.* options: defaults as docs/span-metrics.md states them, and bad values refused by name. */
class SpanMetricsSettingsTest {
  static SpanMetricsSettings of(Map<String, String> flags) {
    return SpanMetricsSettings.from(WeftConfig.defaults().with(flags));
  }

  @Test
  void defaults() {
    SpanMetricsSettings s = of(Map.of());
    assertEquals(new SpanMetricsSettings(true, 15_000, 10_000, 500, 64L << 20), s);
    assertEquals(15_000, s.aggregator().stepMs());
    assertEquals(false, of(Map.of("span-metrics.enabled", "false")).enabled());
    assertEquals(3_600_000, of(Map.of("span-metrics.step", "1h")).stepMs());
    assertEquals(1_000, of(Map.of("span-metrics.step", "1s")).stepMs());
  }

  @Test
  void badValuesAreRefusedWithTheOptionsName() {
    for (Map<String, String> bad : new Map[] {Map.of("span-metrics.enabled", "yes"), Map.of("span-metrics.step", "7s"),
        Map.of("span-metrics.step", "500ms"), Map.of("span-metrics.step", "2h"), Map.of("span-metrics.max-series", "0"),
        Map.of("span-metrics.max-operations-per-service", "0"), Map.of("span-metrics.memory.max-bytes", "1000")}) {
      ConfigException e = assertThrows(ConfigException.class, () -> of(bad), bad.toString());
      String option = bad.keySet().iterator().next();
      assertTrue(e.getMessage().contains(option), bad + ": " + e.getMessage());
    }
  }
}
