package io.weft.model;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON text Jaeger shows for an OTLP array or map attribute (the OpenTelemetry translator's
 * {@code AsString}, Go's encoding/json on the raw value): map keys sorted, the last duplicate key
 * winning, bytes as base64, floats without a trailing ".0" and in exponent form outside
 * [1e-6, 1e21), NaN and infinities as strings. Strings are escaped as Jackson escapes them, which
 * is what Weft has always stored for these values.
 */
final class TagJson {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private TagJson() {}

  static String of(Tag t) {
    StringBuilder out = new StringBuilder();
    value(out, t);
    return out.toString();
  }

  private static void value(StringBuilder out, Tag t) {
    switch (t.type()) {
      case STRING -> string(out, (String) t.value());
      case BOOL, INT64 -> out.append(t.value());
      case FLOAT64 -> number(out, (Double) t.value());
      case BINARY -> string(out, Base64.getEncoder().encodeToString((byte[]) t.value()));
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < t.values().size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          value(out, t.values().get(i));
        }
        out.append(']');
      }
      case MAP -> {
        Map<String, Tag> sorted = new TreeMap<>();
        for (Tag e : t.values()) {
          sorted.put(e.key(), e);
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Tag> e : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          string(out, e.getKey());
          out.append(':');
          value(out, e.getValue());
        }
        out.append('}');
      }
    }
  }

  /** Go's float formatting: plain for 1e-6 <= |d| < 1e21, else 1e+21 / 1e-7; JSON has no NaN, so a string. */
  static void number(StringBuilder out, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      string(out, Double.toString(d));
      return;
    }
    double abs = Math.abs(d);
    if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
      out.append(new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString());
      return;
    }
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = b.precision() - b.scale() - 1;
    String digits = b.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    out.append(d < 0 ? "-" : "").append(mantissa).append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
  }

  /** Quotes and escapes: {@code "} and {@code \}, short forms for \b \t \n \f \r, a six-character escape for other controls. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
