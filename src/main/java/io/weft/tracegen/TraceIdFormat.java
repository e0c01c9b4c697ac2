package io.weft.tracegen;

import io.weft.model.Ids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** How a trace id is written in a request body, so a template's ids can be replaced in place. */
enum TraceIdFormat {
  /** OTLP: 16 raw bytes. */
  RAW16,
  /** Zipkin JSON: 32 hex digits. */
  HEX32,
  /**
   * Jaeger thrift compact: the low 64 bits as a zigzag varint, kept at its longest (10 bytes, the top
   * bit of the zigzag value set) so every replacement has the same length.
   */
  VARINT10;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  static TraceIdFormat of(String protocol) {
    return protocol.startsWith("zipkin") ? HEX32 : protocol.equals("jaeger-udp") ? VARINT10 : RAW16;
  }

  void write(byte[] out, int off, byte[] id) {
    switch (this) {
      case RAW16 -> System.arraycopy(id, 0, out, off, 16);
      case HEX32 -> writeHex(out, off, id);
      case VARINT10 -> System.arraycopy(varint10(id), 0, out, off, 10);
    }
  }

  /** Where {@code id}, written this way, sits in {@code body}. */
  int[] offsetsIn(byte[] body, byte[] id) {
    byte[] needle = switch (this) {
      case RAW16 -> id;
      case HEX32 -> hex(id).getBytes(StandardCharsets.US_ASCII);
      case VARINT10 -> varint10(id);
    };
    List<Integer> hits = new ArrayList<>();
    outer:
    for (int i = 0; i + needle.length <= body.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body[i + j] != needle[j]) {
          continue outer;
        }
      }
      hits.add(i);
    }
    return hits.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The 10-byte zigzag varint of a trace id's low half with the top bit forced (see {@link #VARINT10}). */
  static byte[] varint10(byte[] traceId) {
    long z = Ids.readLong(traceId, 8) | Long.MIN_VALUE;
    byte[] out = new byte[10];
    for (int i = 0; i < 9; i++) {
      out[i] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    out[9] = (byte) z;
    return out;
  }

  /** The trace id low half the varint above encodes (zigzag decoded). */
  static long jaegerTraceIdLow(byte[] traceId) {
    long z = Ids.readLong(traceId, 8) | Long.MIN_VALUE;
    return (z >>> 1) ^ -(z & 1);
  }

  static String hex(byte[] b) {
    byte[] out = new byte[b.length * 2];
    writeHex(out, 0, b);
    return new String(out, StandardCharsets.US_ASCII);
  }

  private static void writeHex(byte[] out, int off, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      out[off + 2 * i] = HEX[(b[i] >> 4) & 0xf];
      out[off + 2 * i + 1] = HEX[b[i] & 0xf];
    }
  }
}
