package io.weft.query.tempo;

import io.vertx.core.MultiMap;
import io.weft.query.BadRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tempo's search without TraceQL ({@code tags=} in logfmt, {@code minDuration}, {@code maxDuration})
 * as the TraceQL query that asks the same: one span with every tag (span or resource) and a
 * duration within bounds.
 */
final class LegacySearch {
  private LegacySearch() {}

  static String toTraceQl(MultiMap p) {
    List<String> conditions = new ArrayList<>();
    String tags = p.get("tags");
    if (tags != null && !tags.isBlank()) {
      for (String[] kv : logfmt(tags)) {
        conditions.add("." + quoteName(kv[0]) + " = " + quote(kv[1]));
      }
    }
    duration(p, "minDuration", ">=", conditions);
    duration(p, "maxDuration", "<=", conditions);
    return "{ " + String.join(" && ", conditions) + " }";
  }

  private static void duration(MultiMap p, String name, String op, List<String> conditions) {
    String v = p.get(name);
    if (v != null && !v.isBlank()) {
      if (!v.trim().matches("[0-9.]+(ns|us|µs|ms|s|m|h)([0-9.]+(ns|us|µs|ms|s|m|h))*")) {
        throw new BadRequestException("invalid '" + name + "': expected a duration such as 100ms, got \"" + v + "\"");
      }
      conditions.add("duration " + op + " " + v.trim());
    }
  }

  /** {@code a=b c="d e"} as key/value pairs. */
  static List<String[]> logfmt(String s) {
    List<String[]> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int k = i;
      while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      String key = s.substring(k, i);
      if (key.isEmpty()) {
        break;
      }
      String value = "";
      if (i < s.length() && s.charAt(i) == '=') {
        i++;
        if (i < s.length() && s.charAt(i) == '"') {
          StringBuilder sb = new StringBuilder();
          i++;
          while (i < s.length() && s.charAt(i) != '"') {
            if (s.charAt(i) == '\\' && i + 1 < s.length()) {
              i++;
            }
            sb.append(s.charAt(i++));
          }
          i++;
          value = sb.toString();
        } else {
          int v = i;
          while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
          }
          value = s.substring(v, i);
        }
      }
      out.add(new String[] {key, value});
    }
    return out;
  }

  private static String quote(String v) {
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String quoteName(String k) {
    for (char c : k.toCharArray()) {
      if (Character.isWhitespace(c) || "{}()=~!<>&|^,\"".indexOf(c) >= 0) {
        return quote(k);
      }
    }
    return k;
  }
}
