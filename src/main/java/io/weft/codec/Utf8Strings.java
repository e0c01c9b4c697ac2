package io.weft.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;

/**
 * Protobuf strings to Java Strings: valid UTF-8 only, as protobuf-java requires of proto3 strings
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), and short ones remembered.
 * An OTLP request repeats its attribute keys, service names, operation names and many values in
 * every span: a repeat costs one pass over its bytes and a comparison instead of a new String, and
 * yields the same instance, whose hash code (a map key downstream) is then computed once.
 * Direct-mapped, last writer wins: bounded memory whatever the input. Not thread-safe: one per thread.
 */
final class Utf8Strings {
  private static final ThreadLocal<Utf8Strings> PER_THREAD = ThreadLocal.withInitial(Utf8Strings::new);
  private static final int SLOT_BITS = 11;
  /** Longer strings are rarely repeated byte for byte (ids, URLs, messages): not remembered. */
  static final int MAX_REMEMBERED = 64;

  private final byte[][] bytes = new byte[1 << SLOT_BITS][];
  private final String[] strings = new String[1 << SLOT_BITS];

  /** The calling thread's instance (decoding runs on event loops and workers, a few threads). */
  static Utf8Strings forThread() {
    return PER_THREAD.get();
  }

  String decode(byte[] b, int off, int len, ProtoInput in) {
    if (len == 0) {
      return "";
    }
    int end = off + len;
    if (len > MAX_REMEMBERED) {
      return newString(b, off, end, in);
    }
    int h = 0;
    int signs = 0;
    for (int i = off; i < end; i++) {
      h = 31 * h + b[i];
      signs |= b[i];
    }
    int slot = (h * 0x9E3779B9) >>> (32 - SLOT_BITS);
    byte[] known = bytes[slot];
    if (known != null && Arrays.equals(known, 0, known.length, b, off, end)) {
      return strings[slot];
    }
    String s = signs >= 0 ? new String(b, off, len, ISO_8859_1) : utf8(b, off, end, in);
    bytes[slot] = Arrays.copyOfRange(b, off, end);
    strings[slot] = s;
    return s;
  }

  private static String newString(byte[] b, int off, int end, ProtoInput in) {
    for (int i = off; i < end; i++) {
      if (b[i] < 0) {
        return utf8(b, off, end, in);
      }
    }
    return new String(b, off, end - off, ISO_8859_1); // ASCII: the bytes are the Latin-1 chars
  }

  private static String utf8(byte[] b, int off, int end, ProtoInput in) {
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
        lo = c == 0xf0 ? 0x90 : 0x80;
        hi = c == 0xf4 ? 0x8f : 0xbf; // past U+10FFFF above
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
    return new String(b, off, end - off, UTF_8);
  }
}
