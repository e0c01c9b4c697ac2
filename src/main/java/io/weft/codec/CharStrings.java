package io.weft.codec;

import java.util.Arrays;

/**
 * Short strings from a JSON parser's character buffer, remembered as {@link Utf8Strings} remembers
 * protobuf names: a Zipkin body repeats its service and span names, addresses and tag values in
 * every span, so a repeat costs a comparison of characters instead of a new String and yields the
 * same instance (its hash computed once). Direct-mapped, last writer wins: bounded memory whatever
 * the input. Not thread-safe: one per thread.
 */
final class CharStrings {
  private static final ThreadLocal<CharStrings> PER_THREAD = ThreadLocal.withInitial(CharStrings::new);
  private static final int SLOT_BITS = 11;
  /** Longer strings are not remembered. */
  static final int MAX_REMEMBERED = 48;

  private final char[][] chars = new char[1 << SLOT_BITS][];
  private final String[] strings = new String[1 << SLOT_BITS];

  static CharStrings forThread() {
    return PER_THREAD.get();
  }

  /** {@code c[off, off + len)} as a String: the same instance as the last time it was seen in its slot. */
  String get(char[] c, int off, int len) {
    if (len == 0) {
      return "";
    }
    if (len > MAX_REMEMBERED) {
      return new String(c, off, len);
    }
    int end = off + len;
    // A few characters suffice to spread strings; the comparison below decides.
    int h = len * 31 + c[off];
    h = h * 31 + c[end - 1];
    h = h * 31 + c[off + (len >> 1)];
    h = h * 31 + c[end - 1 - (len >> 2)];
    h = h * 31 + c[off + (len >> 2)];
    int slot = (h * 0x9E3779B9) >>> (32 - SLOT_BITS);
    char[] known = chars[slot];
    if (known != null && Arrays.equals(known, 0, known.length, c, off, end)) {
      return strings[slot];
    }
    String s = new String(c, off, len);
    chars[slot] = Arrays.copyOfRange(c, off, end);
    strings[slot] = s;
    return s;
  }
}
