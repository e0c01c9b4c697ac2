package io.weft.model;

/** Hex and byte helpers for trace and span ids. */
public final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ids() {}

  /** Exactly 16 lowercase hex digits. */
  public static String hex16(long v) {
    char[] c = new char[16];
    for (int i = 15; i >= 0; i--) {
      c[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    return new String(c);
  }

  /** Parses 1 to 16 hex digits as an unsigned 64-bit value. */
  public static long parseHex(String s) {
    return parseHex(s, 0, s.length());
  }

  /** Parses the 1 to 16 hex digits of {@code s} from {@code from} to {@code to} (exclusive). */
  public static long parseHex(String s, int from, int to) {
    if (to <= from || to - from > 16) {
      throw new IllegalArgumentException("expected 1 to 16 hex digits: " + s);
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      // ASCII digits and letters by arithmetic (every id passes here); anything else as Character.digit reads it.
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c < 128 ? -1 : Character.digit(c, 16);
      if (d < 0) {
        throw new IllegalArgumentException("not a hex id: " + s);
      }
      v = (v << 4) | d;
    }
    return v;
  }

  /** A span id as Jaeger prints it: 16 hex digits. */
  public static String spanIdHex(long id) {
    return hex16(id);
  }

  public static long spanIdFromBytes(byte[] b) {
    if (b.length != 8) {
      throw new IllegalArgumentException("span id must be 8 bytes, got " + b.length);
    }
    return readLong(b, 0);
  }

  public static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  public static byte[] toBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
