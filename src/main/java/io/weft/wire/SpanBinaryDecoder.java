package io.weft.wire;

import static io.weft.wire.SpanBinaryCodec.HAS_PROCESS;
import static io.weft.wire.SpanBinaryCodec.HAS_STATUS_MESSAGE;
import static io.weft.wire.SpanBinaryCodec.KINDS;
import static io.weft.wire.SpanBinaryCodec.MAX_DEPTH;
import static io.weft.wire.SpanBinaryCodec.REF_HAS_TAGS;
import static io.weft.wire.SpanBinaryCodec.REF_TYPES;
import static io.weft.wire.SpanBinaryCodec.STATUSES;
import static io.weft.wire.SpanBinaryCodec.TAG_ARRAY;
import static io.weft.wire.SpanBinaryCodec.TAG_BINARY;
import static io.weft.wire.SpanBinaryCodec.TAG_FALSE;
import static io.weft.wire.SpanBinaryCodec.TAG_FLOAT64;
import static io.weft.wire.SpanBinaryCodec.TAG_INT64;
import static io.weft.wire.SpanBinaryCodec.TAG_MAP;
import static io.weft.wire.SpanBinaryCodec.TAG_STRING;
import static io.weft.wire.SpanBinaryCodec.TAG_TRUE;
import static io.weft.wire.SpanBinaryCodec.VERSION;
import static io.weft.wire.SpanBinaryCodec.VERSION_1;

import io.weft.codec.CodecException;
import io.weft.codec.Utf8;
import io.weft.codec.Utf8Strings;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/** Reads one span message of {@link SpanBinaryCodec}'s format, refusing anything malformed with a {@link io.weft.codec.CodecException}. */
final class SpanBinaryDecoder {
  private final byte[] b;
  private final int end;
  private int pos;
  private final ArrayList<String> strings;
  /** Names (tag keys, operation and service names) are remembered across messages on this thread. */
  private final Utf8Strings names = Utf8Strings.forThread();
  private final ArrayList<TraceId> traceIds = new ArrayList<>();
  private int version;
  private int depth;

  SpanBinaryDecoder(byte[] b, int pos, int end) {
    this.b = b;
    this.pos = pos;
    this.end = end;
    // About one new string per 16 bytes of message: a trace's table rarely grows.
    this.strings = new ArrayList<>(Math.max(10, Math.min(1024, (end - pos) / 16)));
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
    String operation = string(true, true);
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
    String statusMessage = (bits & HAS_STATUS_MESSAGE) != 0 ? string(false, false) : "";
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
      String service = string(true, true);
      process = new Process(service, tags());
    }
    int nWarnings = count();
    String[] warnings = new String[nWarnings];
    for (int i = 0; i < nWarnings; i++) {
      warnings[i] = string(false, false);
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
      String key = stringRef(header >>> 3, false, true);
      Tag t = switch ((int) (header & 0x7)) {
        case TAG_STRING -> Tag.string(key, string(false, false));
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

  private String string(boolean nullable, boolean name) {
    return stringRef(uvarint(), nullable, name);
  }

  /** {@code name}: a tag key, operation or service name, which messages repeat (see {@link Utf8Strings}). */
  private String stringRef(long ref, boolean nullable, boolean name) {
    if (ref == 0) {
      if (!nullable) {
        throw new CodecException("null string where one is required");
      }
      return null;
    }
    if (ref == 1) {
      int len = count();
      String s = name ? names.remembered(b, pos, len) : Utf8.strict(b, pos, len);
      if (s == null) {
        throw new CodecException("malformed UTF-8 string");
      }
      pos += len;
      strings.add(s);
      return s;
    }
    if (Long.compareUnsigned(ref - 2, strings.size()) >= 0) {
      throw new CodecException("string reference " + Long.toUnsignedString(ref) + " beyond table of " + strings.size());
    }
    return strings.get((int) (ref - 2));
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
