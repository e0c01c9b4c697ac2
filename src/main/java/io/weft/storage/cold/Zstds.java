package io.weft.storage.cold;

import com.github.luben.zstd.Zstd;

/** zstd of whole sections (frames carry their size) and of pages (whose size the index keeps). */
final class Zstds {
  /** Largest section or page decompressed: a bound against a corrupt size. */
  private static final long MAX = 1L << 30;

  private Zstds() {}

  static byte[] decompress(byte[] frame) {
    long size = Zstd.getFrameContentSize(frame);
    if (size < 0 || size > MAX) {
      throw new IllegalArgumentException("zstd frame of unknown or excessive size " + size);
    }
    return decompress(frame, (int) size);
  }

  static byte[] decompress(byte[] frame, int size) {
    byte[] out = Zstd.decompress(frame, size);
    if (out.length != size) {
      throw new IllegalArgumentException("zstd frame decompressed to " + out.length + " bytes, expected " + size);
    }
    return out;
  }
}
