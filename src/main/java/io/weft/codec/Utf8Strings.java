package io.weft.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;

/**
 * Protobuf strings to Java Strings: valid UTF-8 only, as protobuf-java requires of proto3 strings
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). Names (attribute keys,
 * operation, scope and resource strings) are remembered: an OTLP request repeats them in every span,
 * so a repeat costs a comparison of bytes instead of a new String and yields the same instance,
 * whose hash code (a map key downstream: tag policies, span metrics, indexes) is computed once.
 * Values (attribute values, status messages) are not: mostly distinct, they would only churn the
 * table. Direct-mapped, last writer wins: bounded memory whatever the input. Not thread-safe.
 */
final class Utf8Strings {
  private static final ThreadLocal<Utf8Strings> PER_THREAD = ThreadLocal.withInitial(Utf8Strings::new);
  private static final int SLOT_BITS = 10;
  /** Longer names are not remembered. */
  static final int MAX_REMEMBERED = 64;

  private final byte[][] bytes = new byte[1 << SLOT_BITS][];
  private final String[] strings = new String[1 << SLOT_BITS];

  /** The calling thread's instance (decoding runs on event loops and workers, a few threads). */
  static Utf8Strings forThread() {
    return PER_THREAD.get();
  }

  /** A string read once: decoded by the JDK (its ASCII path is a copy), checked when it is not ASCII. */
  static String decode(byte[] b, int off, int len, ProtoInput in) {
    if (len == 0) {
      return "";
    }
    String s = new String(b, off, len, UTF_8);
    // As many chars as bytes and no replacement char: ASCII (every valid multi-byte sequence makes
    // fewer chars than bytes; each invalid byte becomes one U+FFFD). Otherwise check the bytes.
    if (s.length() != len || s.indexOf('\uFFFD') >= 0) {
      check(b, off, off + len, in);
    }
    return s;
  }

  /** A name: the same instance as the last time these bytes were seen in this slot. */
  String remembered(byte[] b, int off, int len, ProtoInput in) {
    if (len == 0 || len > MAX_REMEMBERED) {
      return decode(b, off, len, in);
    }
    int end = off + len;
    // A few bytes suffice to spread names; the comparison below decides.
    int h = len * 31 + b[off];
    h = h * 31 + b[end - 1];
    h = h * 31 + b[off + (len >> 1)];
    h = h * 31 + b[end - 1 - (len >> 2)];
    int slot = (h * 0x9E3779B9) >>> (32 - SLOT_BITS);
    byte[] known = bytes[slot];
    if (known != null && Arrays.equals(known, 0, known.length, b, off, end)) {
      return strings[slot];
    }
    String s = decode(b, off, len, in);
    bytes[slot] = Arrays.copyOfRange(b, off, end);
    strings[slot] = s;
    return s;
  }

  private static void check(byte[] b, int off, int end, ProtoInput in) {
    int i = off;
    while (i < end) {
      int c = b[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int lo = 0x80;
      int hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80; // 0xe0: overlong below
        hi = c == 0xed ? 0x9f : 0xbf; // 0xed: surrogates above
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        lo = c == 0xf0 ? 0x90 : 0x80; // 0xf0: overlong below
        hi = c == 0xf4 ? 0x8f : 0xbf; // 0xf4: past U+10FFFF above
      } else {
        throw in.malformed("invalid UTF-8 in a string");
      }
      if (end - i <= n) {
        throw in.malformed("invalid UTF-8 in a string");
      }
      int second = b[i + 1] & 0xff;
      if (second < lo || second > hi) {
        throw in.malformed("invalid UTF-8 in a string");
      }
      for (int k = 2; k <= n; k++) {
        if ((b[i + k] & 0xc0) != 0x80) {
          throw in.malformed("invalid UTF-8 in a string");
        }
      }
      i += n + 1;
    }
  }
}
