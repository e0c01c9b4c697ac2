package io.weft.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Jaeger takes them: 150ms, 1.2s, 1h30m, 10us, 10µs, 500ns; a bare number is µs. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d)");

  private Durations() {}

  public static long parseMicros(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String s = text.trim();
    if (s.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(s);
    }
    Matcher m = PART.matcher(s);
    int pos = 0;
    double micros = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 150ms, 1.5s, 2h)");
      }
      double n = Double.parseDouble(m.group(1));
      micros += n * switch (m.group(2)) {
        case "ns" -> 0.001;
        case "us", "µs", "μs" -> 1;
        case "ms" -> 1_000;
        case "s" -> 1_000_000;
        case "m" -> 60_000_000;
        case "h" -> 3_600_000_000.0;
        default -> 86_400_000_000.0;
      };
      pos = m.end();
    }
    return Math.round(micros);
  }
}
