package io.weft.wire;

import java.nio.charset.StandardCharsets;

/** Reads what {@link io.weft.wire.ByteSink} writes; a short or malformed input is an IllegalArgumentException. */
public final class ByteSource {
  private final byte[] buf;
  private int pos;
  private final int end;

  public ByteSource(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public ByteSource(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  public boolean hasMore() {
    return pos < end;
  }

  public int readByte() {
    if (pos >= end) {
      throw new IllegalArgumentException("truncated input");
    }
    return buf[pos++] & 0xFF;
  }

  public long readUVarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  public long readVarint() {
    long u = readUVarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** A count or length: a varint that must fit what is left of the input (each item takes a byte at least). */
  public int readLength() {
    long n = readUVarint();
    if (n < 0 || n > end - pos) {
      throw new IllegalArgumentException("length " + n + " exceeds the input");
    }
    return (int) n;
  }

  public long readFixed64() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | readByte();
    }
    return v;
  }

  public String readString() {
    int n = readLength();
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  public byte[] readBytes() {
    int n = readLength();
    byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return b;
  }

  /** Whether the next {@code n} bytes are {@code other}'s (compared in place: no String made), not moving. */
  public boolean nextEquals(int n, byte[] other) {
    if (n < 0 || n > end - pos) {
      throw new IllegalArgumentException("length " + n + " exceeds the input");
    }
    return n == other.length && java.util.Arrays.equals(buf, pos, pos + n, other, 0, n);
  }

  /** Skips {@code n} bytes. */
  public void skip(int n) {
    if (n < 0 || n > end - pos) {
      throw new IllegalArgumentException("length " + n + " exceeds the input");
    }
    pos += n;
  }
}
