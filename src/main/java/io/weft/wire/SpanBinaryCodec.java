package io.weft.wire;

import io.weft.codec.CodecException;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import io.weft.model.TraceId;
import java.util.List;

/**
 * Weft's compact binary encoding of spans: the event bus payload between nodes, the Kafka record
 * value, and the memory store's at-rest form. This format is part of Weft's wire contract; a new
 * layout must take a new version byte and decoders must keep reading the old ones.
 *
 * <h2>Format, versions 1 and 2</h2>
 *
 * <pre>
 * message  := version:u8(1 or 2) count:uvarint span{count}     -- nothing may follow
 * span     := traceId spanId:fixed64 operation:str flags:uvarint
 *             startMicros:svarint durationMicros:svarint bits:u8 [statusMessage:str]
 *             refs tags logs [process] warnings
 * bits     := kind (bits 0-2, SpanKind ordinal: UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER)
 *             | status (bits 3-4, StatusCode ordinal: UNSET, OK, ERROR)
 *             | 0x20 process present | 0x40 status message present (else "")  -- bit 7 is 0
 * refs     := count:uvarint (refType:u8 traceId spanId:fixed64 [tags]){count}
 *             refType = 0 CHILD_OF | 1 FOLLOWS_FROM, | 0x80 when the reference's tags follow (version 2)
 * tags     := count:uvarint tag{count}
 * tag      := header:uvarint [key literal] value
 *             header = keyRef &lt;&lt; 3 | type; keyRef is a str reference (not null), type is:
 *             0 STRING value:str | 1 BOOL false | 2 BOOL true | 3 INT64 svarint
 *             | 4 FLOAT64 fixed64 (raw IEEE 754 bits) | 5 BINARY length:uvarint byte{length}
 *             | 6 ARRAY tags (keys "") | 7 MAP tags  -- 6 and 7 in version 2, nested at most 64 deep
 * logs     := count:uvarint (timestampMicros:svarint tags){count}
 * process  := serviceName:str tags
 * warnings := count:uvarint str{count}
 * str      := ref:uvarint   0 null | 1 literal: length:uvarint UTF-8 byte{length}, appended to
 *             the message's string table | n &gt;= 2: string table entry n-2
 * traceId  := ref:uvarint   0 null | 1 64-bit literal: low:fixed64 | 2 128-bit literal:
 *             high:fixed64 low:fixed64 (literals are appended to the message's trace id table)
 *             | n &gt;= 3: trace id table entry n-3
 * uvarint  := unsigned LEB128, at most 10 bytes; svarint := zigzag then uvarint;
 * fixed64  := 8 bytes big-endian; flags are the unsigned 32-bit value of the int
 * </pre>
 *
 * <p>Versions stay below 0x80: a Kafka record value starting with 0x81 holds several messages
 * ({@code io.weft.kafka.SpanRecords}).
 *
 * <p>Version 2 adds OTLP's structured values and link attributes. A message that uses neither is
 * written as version 1, byte for byte as before, so nodes that only read version 1 still read it and
 * a span's encoding (which the Cassandra store hashes) does not change.
 *
 * <p>The tables make each repeated string (service, operation, tag key, common value) and trace id
 * cost one or two bytes after its first use in a message. Only the operation name and service name
 * may be null. Strings are UTF-8, so an unpaired UTF-16 surrogate is written as '?', as in every
 * UTF-8 format.
 *
 * <p>Decoding is strict: a wrong version, a truncated or over-long message, an out-of-range
 * reference or code, malformed UTF-8, or a length or count larger than the bytes left all throw
 * {@link CodecException}. Every count is checked against the remaining input before anything is
 * allocated, and every element consumes input, so decoding is linear in the input size.
 */
public final class SpanBinaryCodec {
  /** The newest version; messages that need nothing of it are written as {@link #VERSION_1}. */
  public static final int VERSION = 2;
  public static final int VERSION_1 = 1;

  static final int TAG_STRING = 0;
  static final int TAG_FALSE = 1;
  static final int TAG_TRUE = 2;
  static final int TAG_INT64 = 3;
  static final int TAG_FLOAT64 = 4;
  static final int TAG_BINARY = 5;
  static final int TAG_ARRAY = 6;
  static final int TAG_MAP = 7;
  static final int REF_HAS_TAGS = 0x80;
  static final int MAX_DEPTH = 64;
  static final int HAS_PROCESS = 0x20;
  static final int HAS_STATUS_MESSAGE = 0x40;
  static final SpanKind[] KINDS = SpanKind.values();
  static final StatusCode[] STATUSES = StatusCode.values();
  static final RefType[] REF_TYPES = RefType.values();

  private SpanBinaryCodec() {}

  public static byte[] encode(List<Span> spans) {
    ByteSink out = new ByteSink(32 + 160 * spans.size());
    encode(spans, out);
    return out.toByteArray();
  }

  public static byte[] encode(Span span) {
    return encode(List.of(span));
  }

  /** Appends one message holding {@code spans} to {@code out}. */
  public static void encode(List<Span> spans, ByteSink out) {
    new SpanBinaryEncoder(out, spans.size()).message(spans);
  }

  /**
   * Writes message after message, its tables kept (cleared) between them: for one thread encoding many
   * messages, such as a request's per-trace Kafka record values. Not thread-safe.
   */
  public static final class Writer {
    private final SpanBinaryEncoder encoder = new SpanBinaryEncoder(64);

    /** Appends one message holding {@code spans} to {@code out}, as {@link SpanBinaryCodec#encode(List, ByteSink)}. */
    public void write(List<Span> spans, ByteSink out) {
      encoder.message(spans, out);
    }
  }

  public static List<Span> decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes the message that occupies exactly {@code bytes[offset, offset + length)}. */
  public static List<Span> decode(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new IndexOutOfBoundsException("offset " + offset + ", length " + length);
    }
    try {
      return new SpanBinaryDecoder(bytes, offset, offset + length).message();
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      // The model's own checks are a last line of defence; report them as malformed input.
      throw new CodecException("malformed span message: " + e.getMessage(), e);
    }
  }

  /**
   * The trace id of the first span of the message at {@code bytes[offset, offset + length)}, without
   * decoding the rest (the cold tier's pages find a trace this way); null when the message holds no span.
   */
  public static TraceId firstTraceId(byte[] bytes, int offset, int length) {
    SpanBinaryDecoder d = new SpanBinaryDecoder(bytes, offset, offset + length);
    try {
      return d.firstTraceId();
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException("malformed span message: " + e.getMessage(), e);
    }
  }

  /** Decodes a message that must hold exactly one span. */
  public static Span decodeOne(byte[] bytes) {
    List<Span> spans = decode(bytes);
    if (spans.size() != 1) {
      throw new CodecException("expected one span, got " + spans.size());
    }
    return spans.get(0);
  }
}
