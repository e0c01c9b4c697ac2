package io.weft.query.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict reader of Prometheus text format 0.0.4, for tests: every line must parse, every family be declared once. */
final class PromCheck {
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"(?:,|(?=\\})))*\\})? "
          + "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");

  private PromCheck() {}

  static void assertParses(String text) {
    Set<String> typed = new HashSet<>();
    Map<String, String> types = new HashMap<>();
    int samples = 0;
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        assertTrue(typed.add(p[2]), "family declared twice: " + p[2]);
        types.put(p[2], p[3]);
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        fail("not a Prometheus sample line: " + line);
      }
      samples++;
    }
    assertTrue(samples > 0);
    assertEquals("counter", types.get("traces_span_metrics_calls_total"));
  }

  /** The value of the sample written exactly as {@code nameAndLabels}; fails when absent. */
  static double sample(String text, String nameAndLabels) {
    for (String line : text.split("\n")) {
      if (line.startsWith(nameAndLabels + " ")) {
        return Double.parseDouble(line.substring(nameAndLabels.length() + 1));
      }
    }
    fail("no sample " + nameAndLabels);
    return 0;
  }
}
