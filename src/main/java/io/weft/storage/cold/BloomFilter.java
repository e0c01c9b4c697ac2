package io.weft.storage.cold;

import io.weft.model.TraceId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A Bloom filter over 64-bit hashes (trace ids, tag key=value pairs): {@code k} probes by double
 * hashing over a power-of-two bit array. Ten bits per key and seven probes miss under 1% of absent keys.
 * Serialized as {@code k:u8 words:u32 word{words}} (64-bit words, big-endian).
 */
final class BloomFilter {
  static final int BITS_PER_KEY = 10;
  private static final int PROBES = 7;

  private final long[] words;
  private final int k;
  private final int mask;

  private BloomFilter(long[] words, int k) {
    this.words = words;
    this.k = k;
    this.mask = words.length * 64 - 1;
  }

  /** An empty filter sized for {@code keys} keys at {@code bitsPerKey} bits each. */
  static BloomFilter sized(int keys, int bitsPerKey) {
    long bits = Math.max(64, (long) keys * bitsPerKey);
    int words = Integer.highestOneBit((int) Math.min(1 << 30, (bits + 63) / 64));
    if ((long) words * 64 < bits && words < (1 << 29)) {
      words <<= 1;
    }
    return new BloomFilter(new long[words], bitsPerKey >= BITS_PER_KEY ? PROBES : Math.max(2, bitsPerKey * 7 / 10));
  }

  void add(long hash) {
    long h2 = (hash >>> 32) | 1;
    for (int i = 0; i < k; i++) {
      int bit = (int) (hash + i * h2) & mask;
      words[bit >>> 6] |= 1L << bit;
    }
  }

  boolean mightContain(long hash) {
    long h2 = (hash >>> 32) | 1;
    for (int i = 0; i < k; i++) {
      int bit = (int) (hash + i * h2) & mask;
      if ((words[bit >>> 6] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(5 + words.length * 8);
    b.put((byte) k).putInt(words.length);
    for (long w : words) {
      b.putLong(w);
    }
    return b.array();
  }

  static BloomFilter read(ByteBuffer b) {
    int k = b.get() & 0xFF;
    int n = b.getInt();
    if (k < 1 || n < 1 || Integer.bitCount(n) != 1 || n * 8L > b.remaining()) {
      throw new IllegalArgumentException("malformed Bloom filter");
    }
    long[] words = new long[n];
    for (int i = 0; i < n; i++) {
      words[i] = b.getLong();
    }
    return new BloomFilter(words, k);
  }

  int sizeBytes() {
    return words.length * 8;
  }

  static long hash(TraceId id) {
    return mix(id.high() * 0x9E3779B97F4A7C15L + mix(id.low()));
  }

  /** The hash of a tag as a search asks for it: key and text value. */
  static long hash(String key, String value) {
    long h = 0xcbf29ce484222325L;
    for (byte x : (key + '\u0000' + value).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (x & 0xFF)) * 0x100000001b3L;
    }
    return mix(h);
  }

  /** SplitMix64's finalizer: every input bit moves every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
