package io.weft.config;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Go-style durations ({@code 150ms}, {@code 1.2s}, {@code 1h30m}, {@code 10us}/{@code 10µs},
 * {@code 500ns}), as Jaeger's API takes them, in microseconds. Also formats microseconds the
 * way Go prints a {@code time.Duration}, so warnings read exactly like Jaeger's.
 */
public final class Durations {
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Durations() {}

  /** A setting's duration: a Go duration with days allowed, or a bare number of microseconds. */
  public static long parseMicros(String s) {
    String t = s == null ? "" : s.trim();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(t);
    }
    return parseLookback(t);
  }

  /** Parses a Go duration; sub-microsecond parts are truncated toward zero. */
  public static long parse(String s) {
    return parse(s, false);
  }

  /** Like {@link #parse} but also takes days and weeks ({@code 2d}, {@code 1w}), as the UI's lookback does. */
  public static long parseLookback(String s) {
    return parse(s, true);
  }

  private static long parse(String s, boolean allowDays) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("invalid duration \"\"");
    }
    String orig = s;
    boolean neg = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(orig);
    }
    BigDecimal totalNanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int numStart = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(numStart, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(orig);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = unitNanos(s.substring(unitStart, i), allowDays);
      if (unit < 0) {
        throw new IllegalArgumentException(unitStart == i
            ? "missing unit in duration \"" + orig + "\""
            : "unknown unit \"" + s.substring(unitStart, i) + "\" in duration \"" + orig + "\"");
      }
      totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger micros = totalNanos.toBigInteger().divide(BigInteger.valueOf(1000));
    if (micros.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("invalid duration \"" + orig + "\": out of range");
    }
    return neg ? -micros.longValue() : micros.longValue();
  }

  private static long unitNanos(String unit, boolean allowDays) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs", "μs" -> 1_000L; // U+00B5 and U+03BC, as Go accepts both
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> allowDays ? 86_400_000_000_000L : -1;
      case "w" -> allowDays ? 7 * 86_400_000_000_000L : -1;
      default -> -1;
    };
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("invalid duration \"" + s + "\"");
  }

  /** Microseconds as Go's {@code time.Duration.String()} prints them: {@code 35ms}, {@code -1.5s}, {@code 1h0m0s}. */
  public static String format(long micros) {
    if (micros == 0) {
      return "0s";
    }
    String sign = micros < 0 ? "-" : "";
    // Long.MIN_VALUE has no positive counterpart; work on the unsigned magnitude.
    BigInteger u = BigInteger.valueOf(micros).abs();
    if (u.compareTo(BigInteger.valueOf(1_000)) < 0) {
      return sign + u + "µs";
    }
    if (u.compareTo(BigInteger.valueOf(1_000_000)) < 0) {
      return sign + withFraction(u, 3) + "ms";
    }
    BigInteger[] secAndFrac = u.divideAndRemainder(BigInteger.valueOf(1_000_000));
    BigInteger secs = secAndFrac[0];
    String out = withFraction(secs.mod(BigInteger.valueOf(60)).multiply(BigInteger.valueOf(1_000_000))
        .add(secAndFrac[1]), 6) + "s";
    BigInteger mins = secs.divide(BigInteger.valueOf(60));
    if (mins.signum() > 0) {
      out = mins.mod(BigInteger.valueOf(60)) + "m" + out;
      BigInteger hours = mins.divide(BigInteger.valueOf(60));
      if (hours.signum() > 0) {
        out = hours + "h" + out;
      }
    }
    return sign + out;
  }

  /** {@code v / 10^digits} with trailing zeros of the fraction dropped, as Go's fmtFrac does. */
  private static String withFraction(BigInteger v, int digits) {
    return new BigDecimal(v, digits).stripTrailingZeros().toPlainString();
  }
}
