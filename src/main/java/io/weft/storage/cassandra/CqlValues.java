package io.weft.storage.cassandra;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Values in CQL's native-protocol encoding (v4 and later), for binding by position with
 * {@code setBytesUnsafe}: a write binds hundreds of values, and the driver's typed setters look up
 * a codec in the registry per value (a collection's by its generic type) and check it.
 */
final class CqlValues {
  private CqlValues() {}

  static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static ByteBuffer bigint(long v) {
    return ByteBuffer.allocate(8).putLong(0, v);
  }

  static ByteBuffer integer(int v) {
    return ByteBuffer.allocate(4).putInt(0, v);
  }

  /** A {@code set<text>} (or list): its size, then each element's length and UTF-8 bytes. */
  static ByteBuffer textSet(Collection<String> values) {
    byte[][] utf8 = new byte[values.size()][];
    int size = 4;
    int i = 0;
    for (String v : values) {
      utf8[i] = v.getBytes(StandardCharsets.UTF_8);
      size += 4 + utf8[i++].length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).putInt(utf8.length);
    for (byte[] u : utf8) {
      b.putInt(u.length).put(u);
    }
    return b.flip();
  }
}
