package io.weft.traceql;

import java.math.BigDecimal;

/**
 * TraceQL's durations in nanoseconds: Go's {@code time.ParseDuration} units ({@code ns us µs ms s m
 * h}) and Prometheus' {@code d w y}, in sequence ({@code 1h30m}) and with fractions ({@code 1.5s});
 * formatted back the way Go prints a {@code time.Duration}.
 */
final class GoDurations {
  private GoDurations() {}

  /** The nanoseconds of a duration literal, or -1 when the text is not one. */
  static long parse(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        return -1;
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = unitNanos(s.substring(unitStart, i));
      if (unit < 0) {
        return -1;
      }
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return -1;
    }
    return total.longValue();
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> 86_400_000_000_000L;
      case "w" -> 7 * 86_400_000_000_000L;
      case "y" -> 365 * 86_400_000_000_000L;
      default -> -1;
    };
  }

  /** As Go's {@code time.Duration.String()}: {@code 1h2m3.5s}, {@code 150ms}, {@code 1.5µs}, {@code 0s}. */
  static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    boolean neg = nanos < 0;
    // Long.MIN_VALUE has no positive counterpart: format it as a BigDecimal path would, via unsigned.
    long u = neg ? -nanos : nanos;
    StringBuilder sb = new StringBuilder();
    if (neg) {
      sb.append('-');
    }
    if (u < 1_000_000_000L && u >= 0) {
      if (u < 1_000L) {
        return sb.append(u).append("ns").toString();
      }
      if (u < 1_000_000L) {
        return sb.append(fraction(u, 1_000L)).append("µs").toString();
      }
      return sb.append(fraction(u, 1_000_000L)).append("ms").toString();
    }
    long hours = u / 3_600_000_000_000L;
    long rest = u % 3_600_000_000_000L;
    long minutes = rest / 60_000_000_000L;
    long secNanos = rest % 60_000_000_000L;
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    return sb.append(fraction(secNanos, 1_000_000_000L)).append('s').toString();
  }

  /** {@code v / unit} with its decimals, trailing zeros dropped. */
  private static String fraction(long v, long unit) {
    return new BigDecimal(v).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
  }
}
