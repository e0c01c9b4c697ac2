package io.weft.codec;

/**
 * An endpoint's address as zipkin2's {@code Endpoint.Builder.parseIp(String)} reads it, redone here
 * so JSON decoding needs no zipkin2 objects. Dotted IPv4 (1 to 3 digits a part, leading zeros
 * allowed, each at most 255) is kept as sent. {@code ::1.2.3.4} and {@code ::ffff:1.2.3.4} are that
 * IPv4 address. Other IPv6 text (2 to 8 colons, one {@code ::} at most, hex groups of any length up to
 * ffff) is rewritten in zipkin2's form: lowercase, no leading zeros, the longest run of zero groups
 * (even a single one; a trailing run only when there is no other) as {@code ::}. Anything else is no
 * address: ignored, as zipkin2 ignores it.
 */
final class ZipkinIp {
  /** The address as zipkin2 keeps it, or null; at most one of the v4 and v6 halves is set. */
  String ipv4;
  byte[] ipv4Bytes;
  String ipv6;
  byte[] ipv6Bytes;

  /** Reads {@code s}: false, with nothing set, when it is no address. */
  boolean parse(String s) {
    ipv4 = null;
    ipv4Bytes = null;
    ipv6 = null;
    ipv6Bytes = null;
    int n = s.length();
    if (n == 0) {
      return false;
    }
    boolean colon = false;
    boolean dot = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        dot = true;
      } else if (c == ':') {
        if (dot) {
          return false; // no colon after a dot
        }
        colon = true;
      } else if (hex(c) < 0) {
        return false;
      }
    }
    if (colon && dot) { // an IPv4 address in IPv6 text: only ::a.b.c.d and ::ffff:a.b.c.d (or ::0000:, any case)
      int last = s.lastIndexOf(':');
      byte[] v4 = ipv4Bytes(s, last + 1, n);
      if (v4 == null || !(last == 1 && s.charAt(0) == ':' || last == 6 && s.startsWith("::") && ffffOrZeros(s))) {
        return false;
      }
      ipv4 = s.substring(last + 1);
      ipv4Bytes = v4;
      return true;
    }
    if (colon) {
      byte[] v6 = ipv6Bytes(s);
      if (v6 == null) {
        return false;
      }
      ipv6 = format(v6);
      ipv6Bytes = v6;
      return true;
    }
    byte[] v4 = dot ? ipv4Bytes(s, 0, n) : null;
    if (v4 == null) {
      return false;
    }
    ipv4 = s;
    ipv4Bytes = v4;
    return true;
  }

  private static boolean ffffOrZeros(String s) {
    for (int i = 2; i < 6; i++) {
      char c = s.charAt(i);
      if (c != 'f' && c != 'F' && c != '0') {
        return false;
      }
    }
    return true;
  }

  /** Four dot-separated parts of 1 to 3 decimal digits, each at most 255; else null. */
  private static byte[] ipv4Bytes(String s, int from, int to) {
    byte[] b = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i <= to; i++) {
      char c = i == to ? '.' : s.charAt(i);
      if (c == '.') {
        if (digits == 0 || part == 4) {
          return null;
        }
        b[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? b : null;
  }

  /** IPv6 text (hex digits and colons only, checked above) as 16 bytes, or null when it is not one. */
  private static byte[] ipv6Bytes(String s) {
    int n = s.length();
    int colons = 0;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) == ':') {
        colons++;
      }
    }
    if (colons < 2 || colons > 8) {
      return null;
    }
    int parts = colons + 1;
    int[] start = new int[parts];
    int[] end = new int[parts];
    for (int i = 0, p = 0, from = 0; i <= n; i++) {
      if (i == n || s.charAt(i) == ':') {
        start[p] = from;
        end[p++] = i;
        from = i + 1;
      }
    }
    int skip = -1; // the one empty part between two colons: "::"
    for (int p = 1; p < parts - 1; p++) {
      if (start[p] == end[p]) {
        if (skip >= 0) {
          return null;
        }
        skip = p;
      }
    }
    int before = parts;
    int after = 0;
    if (skip >= 0) {
      before = skip;
      after = parts - skip - 1;
      if (start[0] == end[0] && --before != 0) {
        return null; // a leading colon only as "::"
      }
      if (start[parts - 1] == end[parts - 1] && --after != 0) {
        return null; // a trailing colon only as "::"
      }
    }
    int skipped = 8 - (before + after);
    if (skip >= 0 ? skipped < 1 : skipped != 0) {
      return null;
    }
    byte[] b = new byte[16];
    int at = 0;
    for (int p = 0; p < before; p++) {
      at = group(s, start[p], end[p], b, at);
    }
    at += 2 * skipped;
    for (int p = parts - after; p < parts; p++) {
      at = group(s, start[p], end[p], b, at);
    }
    return at == 16 ? b : null;
  }

  /** One group (at least one hex digit, value at most ffff) into {@code b[at, at + 2)}; 17 (a failure) if bad. */
  private static int group(String s, int from, int to, byte[] b, int at) {
    if (at > 14 || from == to) {
      return 17;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v << 4 | hex(s.charAt(i));
      if (v > 0xffff) {
        return 17;
      }
    }
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
    return at + 2;
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** zipkin2's IPv6 text: the longest zero run before a non-zero group, else a trailing one, as "::". */
  static String format(byte[] b) {
    int bestAt = -1;
    int bestLength = -1;
    int runAt = -1;
    boolean allZeros = true;
    for (int i = 0; i < 16; i += 2) {
      if (b[i] == 0 && b[i + 1] == 0) {
        if (runAt < 0) {
          runAt = i;
        }
        continue;
      }
      allZeros = false;
      if (runAt >= 0) {
        if (i - runAt > bestLength) {
          bestAt = runAt;
          bestLength = i - runAt;
        }
        runAt = -1;
      }
    }
    if (allZeros) {
      return "::";
    }
    if (bestAt < 0 && runAt >= 0) {
      bestAt = runAt;
      bestLength = 16 - runAt;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 16; ) {
      if (i == bestAt) {
        out.append(':');
        i += bestLength;
        if (i == 16) {
          out.append(':');
        }
        continue;
      }
      if (i != 0) {
        out.append(':');
      }
      out.append(Integer.toHexString((b[i] & 0xff) << 8 | (b[i + 1] & 0xff)));
      i += 2;
    }
    return out.toString();
  }
}
