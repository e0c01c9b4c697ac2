package io.weft.storage.cassandra;

import io.weft.model.TraceId;
import java.nio.ByteBuffer;

/** Trace ids as 16-byte blobs (high then low, big-endian, so 64-bit ids start with 8 zeros) and span hashes. */
final class Blobs {
  private Blobs() {}

  static ByteBuffer of(TraceId id) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(id.high()).putLong(id.low()).flip();
    return b;
  }

  static TraceId traceId(ByteBuffer b) {
    if (b == null || b.remaining() != 16) {
      throw new IllegalStateException("trace_id blob must be 16 bytes");
    }
    int p = b.position();
    return new TraceId(b.getLong(p), b.getLong(p + 8));
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /**
   * A 64-bit hash of a span's encoding: the same span always gives the same value, in any JVM
   * (unlike {@code Span.hashCode}, which hashes enums by identity), so a rewrite is the same row.
   * FNV-1a with a final avalanche; not meant to resist crafted collisions, which would only merge
   * two spans of one trace with the same span id.
   */
  static long hash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte x : bytes) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
