package io.weft.storage.cassandra;

import io.weft.codec.CodecException;
import io.weft.model.Span;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * A chunk: spans of one trace from one write, stored as one row of {@code trace_chunks}. Pure
 * computation, no driver.
 *
 * <p>Blob layout: {@code format:u8 rawLength:u32 body}; format 0 = the body is one
 * {@link SpanBinaryCodec} message, 1 = that message compressed as one LZ4 block (chosen when it
 * saves at least an eighth). The chunk id is a hash of the message, whose bytes depend only on the
 * spans and their order; spans are sorted first (span id, start, duration), so writing the same
 * spans again, in any order, is the same row. A write that groups spans differently stores them
 * twice, which {@link TraceMerge} folds on reading.
 */
record TraceChunk(long id, long startMicros, int spanCount, byte[] blob) {
  /** Spans per chunk at most; bigger writes of one trace take several chunks (rows of one partition). */
  static final int MAX_SPANS = 1000;
  /** Encoded bytes per chunk at most, before compression (a row well under Cassandra's 16 MiB mutation limit). */
  static final int MAX_RAW_BYTES = 1 << 20;
  /** A chunk claiming more than this is corrupt; nothing Weft writes comes near it. */
  private static final int MAX_DECODED_BYTES = 64 << 20;
  private static final int RAW = 0;
  private static final int LZ4 = 1;
  private static final int HEADER = 5;
  private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
  private static final Comparator<Span> ORDER = Comparator.comparingLong(Span::spanId)
      .thenComparingLong(Span::startTimeMicros).thenComparingLong(Span::durationMicros);

  /** The chunks of one trace's spans from one write: usually one. */
  static List<TraceChunk> of(List<Span> traceSpans) {
    List<Span> sorted = new ArrayList<>(traceSpans);
    sorted.sort(ORDER);
    List<TraceChunk> out = new ArrayList<>(1);
    int from = 0;
    while (from < sorted.size()) {
      int to = Math.min(sorted.size(), from + MAX_SPANS);
      byte[] raw = SpanBinaryCodec.encode(sorted.subList(from, to));
      while (raw.length > MAX_RAW_BYTES && to - from > 1) {
        to = from + (to - from) / 2;
        raw = SpanBinaryCodec.encode(sorted.subList(from, to));
      }
      long start = Long.MAX_VALUE;
      for (int i = from; i < to; i++) {
        start = Math.min(start, sorted.get(i).startTimeMicros());
      }
      out.add(new TraceChunk(Blobs.hash(raw), start, to - from, pack(raw)));
      from = to;
    }
    return out;
  }

  static byte[] pack(byte[] raw) {
    LZ4Compressor lz4 = FACTORY.fastCompressor();
    byte[] out = new byte[HEADER + lz4.maxCompressedLength(raw.length)];
    int n = lz4.compress(raw, 0, raw.length, out, HEADER);
    if (n > raw.length - raw.length / 8) {
      out = new byte[HEADER + raw.length];
      System.arraycopy(raw, 0, out, HEADER, raw.length);
      header(out, RAW, raw.length);
      return out;
    }
    header(out, LZ4, raw.length);
    return java.util.Arrays.copyOf(out, HEADER + n);
  }

  private static void header(byte[] out, int format, int rawLength) {
    out[0] = (byte) format;
    out[1] = (byte) (rawLength >>> 24);
    out[2] = (byte) (rawLength >>> 16);
    out[3] = (byte) (rawLength >>> 8);
    out[4] = (byte) rawLength;
  }

  /** The spans of a stored chunk; a malformed blob throws {@link CodecException}. */
  static List<Span> spans(byte[] blob) {
    return SpanBinaryCodec.decode(unpack(blob));
  }

  /** The body of a blob framed by {@link #pack} (a chunk or a {@link TracePack}); malformed: {@link CodecException}. */
  static byte[] unpack(byte[] blob) {
    if (blob.length < HEADER) {
      throw new CodecException("trace chunk of " + blob.length + " bytes, shorter than its header");
    }
    int rawLength = (blob[1] & 0xff) << 24 | (blob[2] & 0xff) << 16 | (blob[3] & 0xff) << 8 | (blob[4] & 0xff);
    if (rawLength < 0 || rawLength > MAX_DECODED_BYTES) {
      throw new CodecException("trace chunk claims " + rawLength + " bytes");
    }
    switch (blob[0]) {
      case RAW -> {
        if (rawLength != blob.length - HEADER) {
          throw new CodecException("trace chunk length " + rawLength + " does not match its body");
        }
        return java.util.Arrays.copyOfRange(blob, HEADER, blob.length);
      }
      case LZ4 -> {
        byte[] raw = new byte[rawLength];
        int n;
        try {
          LZ4SafeDecompressor d = FACTORY.safeDecompressor();
          n = d.decompress(blob, HEADER, blob.length - HEADER, raw, 0, rawLength);
        } catch (RuntimeException e) {
          throw new CodecException("trace chunk: bad LZ4 block: " + e.getMessage(), e);
        }
        if (n != rawLength) {
          throw new CodecException("trace chunk: LZ4 block gave " + n + " bytes, not " + rawLength);
        }
        return raw;
      }
      default -> throw new CodecException("trace chunk of unknown format " + blob[0]);
    }
  }
}
