package io.weft.storage.cold;

/** Reads what {@link io.weft.wire.ByteSink} writes, failing on truncated or over-long input. */
final class ByteSource {
  private final byte[] b;
  private int pos;
  private final int end;

  ByteSource(byte[] b) {
    this(b, 0, b.length);
  }

  ByteSource(byte[] b, int pos, int end) {
    this.b = b;
    this.pos = pos;
    this.end = end;
  }

  int position() {
    return pos;
  }

  boolean hasMore() {
    return pos < end;
  }

  void skip(int n) {
    if (n < 0 || n > end - pos) {
      throw new IllegalArgumentException("truncated block section");
    }
    pos += n;
  }

  long uvarint() {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos >= end) {
        throw new IllegalArgumentException("truncated block section");
      }
      byte x = b[pos++];
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("malformed varint in block section");
  }

  long varint() {
    long v = uvarint();
    return (v >>> 1) ^ -(v & 1);
  }

  /** A non-negative count or length that fits an int. */
  int count() {
    long v = uvarint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("count out of range in block section");
    }
    return (int) v;
  }

  long fixed64() {
    if (end - pos < 8) {
      throw new IllegalArgumentException("truncated block section");
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[pos++] & 0xFF);
    }
    return v;
  }

  void expectEnd() {
    if (pos != end) {
      throw new IllegalArgumentException((end - pos) + " unexpected bytes after a block section");
    }
  }
}
