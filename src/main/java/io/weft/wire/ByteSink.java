package io.weft.wire;

import java.util.Arrays;

/**
 * A growable byte buffer with the primitive writes of Weft's binary formats (varints, zigzag,
 * fixed 64-bit big-endian). Not thread-safe; reuse one per thread with {@link #reset()}.
 */
public final class ByteSink {
  private byte[] buf;
  private int size;

  public ByteSink(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public int size() {
    return size;
  }

  /** The backing array; only the first {@link #size()} bytes are written. */
  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  public void reset() {
    size = 0;
  }

  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  /** Overwrites the already written byte at {@code index} (a header decided after its contents). */
  public void set(int index, int b) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    buf[index] = (byte) b;
  }

  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  /** Unsigned LEB128 varint: 7 bits per byte, low bits first, high bit set on all but the last. */
  public void writeUVarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  /**
   * Writes {@code s} as a length (one byte) and its characters when it is under 128 characters, all
   * ASCII: then its UTF-8 bytes are its characters. Returns false, having written nothing, otherwise.
   */
  public boolean writeShortAscii(String s) {
    int n = s.length();
    if (n >= 128) {
      return false;
    }
    ensure(n + 1);
    int at = size + 1;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false; // bytes past size are not written yet, whatever this loop left there
      }
      buf[at + i] = (byte) c;
    }
    buf[size] = (byte) n;
    size = at + n;
    return true;
  }

  /** Signed varint, zigzag-mapped so small negative numbers stay short. */
  public void writeVarint(long v) {
    writeUVarint((v << 1) ^ (v >> 63));
  }

  /** 8 bytes, big-endian. */
  public void writeFixed64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      int cap = Math.max(size + n, buf.length + (buf.length >> 1));
      if (cap < 0) {
        throw new OutOfMemoryError("ByteSink too large");
      }
      buf = Arrays.copyOf(buf, cap);
    }
  }
}
