package io.weft.query.tempo;

import io.vertx.core.MultiMap;
import io.weft.query.BadRequestException;

/**
 * The parameters Tempo's search and tag endpoints share: {@code start} and {@code end} in Unix
 * seconds (the last hour up to now when left out, as Tempo then searches its recent data),
 * {@code limit} and {@code spss} (spans per spanset).
 */
record TempoParams(long startMicros, long endMicros, int limit, int spss) {
  static final long DEFAULT_WINDOW_SECONDS = 3600;
  /** Tempo's defaults. */
  static final int DEFAULT_LIMIT = 20;
  static final int DEFAULT_SPSS = 3;
  /** Most traces one search returns (Jaeger UI's own limit field stops here too). */
  static final int MAX_LIMIT = 1500;

  static TempoParams from(MultiMap p, long nowMicros) {
    long end = seconds(p, "end", -1);
    long start = seconds(p, "start", -1);
    long endMicros = end < 0 ? nowMicros : Math.multiplyExact(end, 1_000_000L) + 999_999;
    long startMicros = start < 0 ? endMicros - DEFAULT_WINDOW_SECONDS * 1_000_000L : Math.multiplyExact(start, 1_000_000L);
    if (startMicros > endMicros) {
      throw new BadRequestException("'start' (" + start + ") is after 'end' (" + end + ")");
    }
    int limit = (int) number(p, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int spss = (int) number(p, "spss", DEFAULT_SPSS, 1, 10_000);
    return new TempoParams(startMicros, endMicros, limit, spss);
  }

  private static long seconds(MultiMap p, String name, long dflt) {
    String v = p.get(name);
    if (v == null || v.isEmpty() || v.equals("0")) {
      return dflt;
    }
    try {
      long s = Long.parseLong(v.trim());
      if (s < 0 || s > Long.MAX_VALUE / 1_000_000L - 1) {
        throw new NumberFormatException();
      }
      return s;
    } catch (NumberFormatException e) {
      throw new BadRequestException("invalid '" + name + "': expected Unix seconds, got \"" + v + "\"");
    }
  }

  private static long number(MultiMap p, String name, long dflt, long min, long max) {
    String v = p.get(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n == 0) {
        return dflt; // Tempo reads 0 as "not given"
      }
      if (n < min || n > max) {
        throw new BadRequestException("'" + name + "' must be " + min + " to " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequestException("invalid '" + name + "': expected a whole number, got \"" + v + "\"");
    }
  }
}
