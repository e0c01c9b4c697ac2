package io.weft.wire;

import io.weft.codec.CodecException;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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

  private static final int TAG_STRING = 0;
  private static final int TAG_FALSE = 1;
  private static final int TAG_TRUE = 2;
  private static final int TAG_INT64 = 3;
  private static final int TAG_FLOAT64 = 4;
  private static final int TAG_BINARY = 5;
  private static final int TAG_ARRAY = 6;
  private static final int TAG_MAP = 7;
  private static final int REF_HAS_TAGS = 0x80;
  private static final int MAX_DEPTH = 64;
  private static final int HAS_PROCESS = 0x20;
  private static final int HAS_STATUS_MESSAGE = 0x40;
  private static final SpanKind[] KINDS = SpanKind.values();
  private static final StatusCode[] STATUSES = StatusCode.values();
  private static final RefType[] REF_TYPES = RefType.values();

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
    new Encoder(out, spans.size()).message(spans);
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
      return new Decoder(bytes, offset, offset + length).message();
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
    Decoder d = new Decoder(bytes, offset, offset + length);
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

  private static final class Encoder {
    private final ByteSink out;
    private final HashMap<String, Integer> strings;
    private final HashMap<TraceId, Integer> traceIds = new HashMap<>();
    /** Set once the message uses something of version 2. */
    private boolean version2;
    private int depth;

    /** Sized for about a dozen new strings per span (operation, tag values), so it rarely rehashes. */
    Encoder(ByteSink out, int spans) {
      this.out = out;
      this.strings = new HashMap<>(Math.min(1024, 16 * Math.max(1, spans)));
    }

    void message(List<Span> spans) {
      int versionAt = out.size();
      out.write(VERSION_1);
      out.writeUVarint(spans.size());
      for (Span s : spans) {
        span(s);
      }
      if (version2) {
        out.set(versionAt, VERSION);
      }
    }

    private void span(Span s) {
      traceId(s.traceId());
      out.writeFixed64(s.spanId());
      nullableString(s.operationName());
      out.writeUVarint(s.flags() & 0xFFFFFFFFL);
      out.writeVarint(s.startTimeMicros());
      out.writeVarint(s.durationMicros());
      boolean hasMessage = !s.statusMessage().isEmpty();
      out.write(s.kind().ordinal() | s.statusCode().ordinal() << 3
          | (s.process() != null ? HAS_PROCESS : 0) | (hasMessage ? HAS_STATUS_MESSAGE : 0));
      if (hasMessage) {
        string(s.statusMessage());
      }
      out.writeUVarint(s.references().size());
      for (SpanRef r : s.references()) {
        if (r.type() == null) {
          throw new IllegalArgumentException("span reference without a type");
        }
        boolean hasTags = !r.tags().isEmpty();
        out.write(r.type().ordinal() | (hasTags ? REF_HAS_TAGS : 0));
        traceId(r.traceId());
        out.writeFixed64(r.spanId());
        if (hasTags) {
          version2 = true;
          tags(r.tags());
        }
      }
      tags(s.tags());
      out.writeUVarint(s.logs().size());
      for (Log l : s.logs()) {
        out.writeVarint(l.timestampMicros());
        tags(l.fields());
      }
      if (s.process() != null) {
        nullableString(s.process().serviceName());
        tags(s.process().tags());
      }
      out.writeUVarint(s.warnings().size());
      for (String w : s.warnings()) {
        string(w);
      }
    }

    private void tags(List<Tag> tags) {
      out.writeUVarint(tags.size());
      for (Tag t : tags) {
        int type = switch (t.type()) {
          case STRING -> TAG_STRING;
          case BOOL -> (Boolean) t.value() ? TAG_TRUE : TAG_FALSE;
          case INT64 -> TAG_INT64;
          case FLOAT64 -> TAG_FLOAT64;
          case BINARY -> TAG_BINARY;
          case ARRAY -> TAG_ARRAY;
          case MAP -> TAG_MAP;
        };
        Integer known = strings.get(t.key());
        out.writeUVarint((known != null ? known + 2L : 1L) << 3 | type);
        if (known == null) {
          literal(t.key());
        }
        switch (type) {
          case TAG_STRING -> string((String) t.value());
          case TAG_INT64 -> out.writeVarint((Long) t.value());
          case TAG_FLOAT64 -> out.writeFixed64(Double.doubleToRawLongBits((Double) t.value()));
          case TAG_BINARY -> {
            byte[] b = (byte[]) t.value();
            out.writeUVarint(b.length);
            out.write(b);
          }
          case TAG_ARRAY, TAG_MAP -> {
            version2 = true;
            if (++depth > MAX_DEPTH) {
              throw new IllegalArgumentException("tag " + t.key() + ": values nested deeper than " + MAX_DEPTH);
            }
            tags(t.values());
            depth--;
          }
          default -> { } // booleans live in the type code
        }
      }
    }

    private void nullableString(String s) {
      if (s == null) {
        out.writeUVarint(0);
      } else {
        string(s);
      }
    }

    private void string(String s) {
      Integer known = strings.get(s);
      if (known != null) {
        out.writeUVarint(known + 2L);
      } else {
        out.writeUVarint(1);
        literal(s);
      }
    }

    private void literal(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.writeUVarint(utf8.length);
      out.write(utf8);
      strings.put(s, strings.size());
    }

    private void traceId(TraceId id) {
      if (id == null) {
        out.writeUVarint(0);
        return;
      }
      Integer known = traceIds.get(id);
      if (known != null) {
        out.writeUVarint(known + 3L);
        return;
      }
      if (id.high() == 0) {
        out.writeUVarint(1);
      } else {
        out.writeUVarint(2);
        out.writeFixed64(id.high());
      }
      out.writeFixed64(id.low());
      traceIds.put(id, traceIds.size());
    }
  }

  private static final class Decoder {
    private final byte[] b;
    private final int end;
    private int pos;
    private final ArrayList<String> strings = new ArrayList<>();
    private final ArrayList<TraceId> traceIds = new ArrayList<>();
    private int version;
    private int depth;

    Decoder(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    List<Span> message() {
      if (pos >= end) {
        throw new CodecException("empty span message");
      }
      version = b[pos++] & 0xFF;
      if (version != VERSION && version != VERSION_1) {
        throw new CodecException("unsupported span message version " + version);
      }
      int n = count();
      List<Span> spans = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        spans.add(span());
      }
      if (pos != end) {
        throw new CodecException((end - pos) + " unexpected bytes after the last span");
      }
      return spans;
    }

    TraceId firstTraceId() {
      // The trace id comes first in every version; version 2 only adds fields after it.
      version = pos < end ? b[pos++] & 0xFF : -1;
      if (version != VERSION && version != VERSION_1) {
        throw new CodecException("not a span message of version " + VERSION_1 + " or " + VERSION);
      }
      return count() == 0 ? null : traceId();
    }

    private Span span() {
      TraceId traceId = traceId();
      long spanId = fixed64();
      String operation = string(true);
      long flags = uvarint();
      if (Long.compareUnsigned(flags, 0xFFFFFFFFL) > 0) {
        throw new CodecException("span flags out of range");
      }
      long start = varint();
      long duration = varint();
      int bits = u8();
      int kind = bits & 0x7;
      int status = (bits >> 3) & 0x3;
      if (kind >= KINDS.length || status >= STATUSES.length || (bits & 0x80) != 0) {
        throw new CodecException("bad span kind/status byte " + bits);
      }
      String statusMessage = (bits & HAS_STATUS_MESSAGE) != 0 ? string(false) : "";
      int nRefs = count();
      SpanRef[] refs = new SpanRef[nRefs];
      for (int i = 0; i < nRefs; i++) {
        int type = u8();
        boolean hasTags = version >= 2 && (type & REF_HAS_TAGS) != 0;
        type &= hasTags ? ~REF_HAS_TAGS : 0xFF;
        if (type >= REF_TYPES.length) {
          throw new CodecException("bad reference type " + type);
        }
        TraceId refTrace = traceId();
        long refSpan = fixed64();
        refs[i] = new SpanRef(REF_TYPES[type], refTrace, refSpan, hasTags ? tags() : List.of());
      }
      List<Tag> tags = tags();
      int nLogs = count();
      Log[] logs = new Log[nLogs];
      for (int i = 0; i < nLogs; i++) {
        long ts = varint();
        logs[i] = new Log(ts, tags());
      }
      Process process = null;
      if ((bits & HAS_PROCESS) != 0) {
        String service = string(true);
        process = new Process(service, tags());
      }
      int nWarnings = count();
      String[] warnings = new String[nWarnings];
      for (int i = 0; i < nWarnings; i++) {
        warnings[i] = string(false);
      }
      return new Span(traceId, spanId, operation, List.of(refs), (int) flags, start, duration, tags, List.of(logs),
          process, KINDS[kind], STATUSES[status], statusMessage, List.of(warnings));
    }

    private List<Tag> tags() {
      int n = count();
      if (n == 0) {
        return List.of();
      }
      // Built as an array and made immutable once: the span's List.copyOf then keeps it as it is.
      Tag[] tags = new Tag[n];
      for (int i = 0; i < n; i++) {
        long header = uvarint();
        String key = stringRef(header >>> 3, false);
        Tag t = switch ((int) (header & 0x7)) {
          case TAG_STRING -> Tag.string(key, string(false));
          case TAG_FALSE -> Tag.bool(key, false);
          case TAG_TRUE -> Tag.bool(key, true);
          case TAG_INT64 -> Tag.int64(key, varint());
          case TAG_FLOAT64 -> Tag.float64(key, Double.longBitsToDouble(fixed64()));
          case TAG_BINARY -> {
            int len = count();
            byte[] v = new byte[len];
            System.arraycopy(b, pos, v, 0, len);
            pos += len;
            yield Tag.binary(key, v);
          }
          case TAG_ARRAY, TAG_MAP -> {
            if (version < 2) {
              throw new CodecException("bad tag type " + (header & 0x7) + " in a version 1 message");
            }
            if (++depth > MAX_DEPTH) {
              throw new CodecException("values nested deeper than " + MAX_DEPTH);
            }
            List<Tag> values = tags();
            depth--;
            yield (header & 0x7) == TAG_ARRAY ? Tag.array(key, values) : Tag.map(key, values);
          }
          default -> throw new CodecException("bad tag type " + (header & 0x7));
        };
        tags[i] = t;
      }
      return List.of(tags);
    }

    private String string(boolean nullable) {
      return stringRef(uvarint(), nullable);
    }

    private String stringRef(long ref, boolean nullable) {
      if (ref == 0) {
        if (!nullable) {
          throw new CodecException("null string where one is required");
        }
        return null;
      }
      if (ref == 1) {
        int len = count();
        String s = utf8(pos, len);
        pos += len;
        strings.add(s);
        return s;
      }
      if (Long.compareUnsigned(ref - 2, strings.size()) >= 0) {
        throw new CodecException("string reference " + Long.toUnsignedString(ref) + " beyond table of " + strings.size());
      }
      return strings.get((int) (ref - 2));
    }

    private String utf8(int off, int len) {
      // The JDK's decoder checks a run of ASCII with a vector intrinsic; it replaces malformed input
      // with U+FFFD, so a string holding one (never a pure-ASCII one) is decoded again strictly.
      String s = new String(b, off, len, StandardCharsets.UTF_8);
      if (s.indexOf('\uFFFD') < 0) {
        return s;
      }
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b, off, len))
            .toString();
      } catch (CharacterCodingException e) {
        throw new CodecException("malformed UTF-8 string", e);
      }
    }

    private TraceId traceId() {
      long ref = uvarint();
      if (ref == 0) {
        return null;
      }
      if (ref == 1 || ref == 2) {
        long high = ref == 2 ? fixed64() : 0;
        TraceId id = new TraceId(high, fixed64());
        traceIds.add(id);
        return id;
      }
      if (Long.compareUnsigned(ref - 3, traceIds.size()) >= 0) {
        throw new CodecException("trace id reference " + Long.toUnsignedString(ref) + " beyond table of " + traceIds.size());
      }
      return traceIds.get((int) (ref - 3));
    }

    /** A count or length: never more than the bytes left, as each element takes at least one. */
    private int count() {
      long n = uvarint();
      if (Long.compareUnsigned(n, end - pos) > 0) {
        throw new CodecException("count " + Long.toUnsignedString(n) + " exceeds the " + (end - pos) + " bytes left");
      }
      return (int) n;
    }

    private int u8() {
      if (pos >= end) {
        throw truncated();
      }
      return b[pos++] & 0xFF;
    }

    private long fixed64() {
      if (end - pos < 8) {
        throw truncated();
      }
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    private long varint() {
      long n = uvarint();
      return (n >>> 1) ^ -(n & 1);
    }

    private long uvarint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        if (pos >= end) {
          throw truncated();
        }
        int x = b[pos++];
        if (shift == 63 && (x & 0xFE) != 0) {
          throw new CodecException("varint longer than 64 bits");
        }
        v |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
      }
    }

    private static CodecException truncated() {
      return new CodecException("truncated span message");
    }
  }
}
