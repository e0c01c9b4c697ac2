package io.weft.storage.memory;

import io.weft.model.Span;
import io.weft.wire.ByteSink;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reading and merging a {@link TraceEntry}'s chunks, each one {@link SpanBinaryCodec} message. Static over
 * the first {@code n} chunks of a snapshot the entry hands out, so no lock is held while decoding.
 */
final class EncodedChunks {
  private EncodedChunks() {}

  /** The spans of the first {@code n} chunks, decoded. */
  static List<Span> decode(byte[][] chunks, int n) {
    if (n == 1) {
      return SpanBinaryCodec.decode(chunks[0]);
    }
    List<Span> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.addAll(SpanBinaryCodec.decode(chunks[i]));
    }
    return out;
  }

  /**
   * One message of the spans of chunks {@code from} to {@code to} (exclusive), so the strings they repeat
   * are written once.
   */
  static byte[] merge(byte[][] chunks, int from, int to, ByteSink scratch) {
    List<Span> spans = new ArrayList<>();
    for (int i = from; i < to; i++) {
      spans.addAll(SpanBinaryCodec.decode(chunks[i]));
    }
    return encode(spans, scratch);
  }

  /** The spans as one message, encoded in {@code scratch} then copied out. */
  static byte[] encode(List<Span> spans, ByteSink scratch) {
    scratch.reset();
    SpanBinaryCodec.encode(spans, scratch);
    return Arrays.copyOf(scratch.array(), scratch.size());
  }

  /** The size of chunks {@code from} to {@code to} (exclusive), in bytes. */
  static int bytes(byte[][] chunks, int from, int to) {
    int bytes = 0;
    for (int i = from; i < to; i++) {
      bytes += chunks[i].length;
    }
    return bytes;
  }

  /**
   * False when some needle occurs in none of the first {@code n} chunks (each string literal sits whole in
   * its chunk as UTF-8).
   */
  static boolean containAll(byte[][] chunks, int n, List<byte[]> needles) {
    for (byte[] needle : needles) {
      boolean found = false;
      for (int i = 0; i < n && !found; i++) {
        found = indexOf(chunks[i], needle) >= 0;
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    int last = hay.length - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
