package io.weft.codec;

import java.util.Arrays;

/**
 * Protobuf strings to Java Strings: valid UTF-8 only, as protobuf-java requires of proto3 strings
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). Names (attribute keys,
 * operation, scope and resource strings) are remembered: an OTLP request repeats them in every span,
 * so a repeat costs a comparison of bytes instead of a new String and yields the same instance,
 * whose hash code (a map key downstream: tag policies, span metrics, indexes) is computed once.
 * Values (attribute values, status messages) are not: mostly distinct, they would only churn the
 * table. Weft's binary span decoder remembers its messages' names the same way: each Kafka record
 * value or stored chunk spells a trace's keys and names out again. Direct-mapped, last writer wins:
 * bounded memory whatever the input. Not thread-safe.
 */
public final class Utf8Strings {
  private static final ThreadLocal<Utf8Strings> PER_THREAD = ThreadLocal.withInitial(Utf8Strings::new);
  private static final int SLOT_BITS = 10;
  /** Longer names are not remembered. */
  static final int MAX_REMEMBERED = 64;

  private final byte[][] bytes = new byte[1 << SLOT_BITS][];
  private final String[] strings = new String[1 << SLOT_BITS];

  /** The calling thread's instance (decoding runs on event loops and workers, a few threads). */
  public static Utf8Strings forThread() {
    return PER_THREAD.get();
  }

  /** A string read once ({@link Utf8#strict}); invalid UTF-8 is {@code in}'s malformed input. */
  static String decode(byte[] b, int off, int len, ProtoInput in) {
    String s = Utf8.strict(b, off, len);
    if (s == null) {
      throw in.malformed("invalid UTF-8 in a string");
    }
    return s;
  }

  /** A name: the same instance as the last time these bytes were seen in this slot. */
  String remembered(byte[] b, int off, int len, ProtoInput in) {
    String s = remembered(b, off, len);
    if (s == null) {
      throw in.malformed("invalid UTF-8 in a string");
    }
    return s;
  }

  /**
   * A name ({@link Utf8#strict}): the same instance as the last time these bytes were seen in this slot;
   * null when they are not valid UTF-8 (never remembered then).
   */
  public String remembered(byte[] b, int off, int len) {
    if (len == 0 || len > MAX_REMEMBERED) {
      return Utf8.strict(b, off, len);
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
    String s = Utf8.strict(b, off, len);
    if (s == null) {
      return null;
    }
    bytes[slot] = Arrays.copyOfRange(b, off, end);
    strings[slot] = s;
    return s;
  }
}
