package io.weft.wire;

import static io.weft.wire.SpanBinaryCodec.HAS_PROCESS;
import static io.weft.wire.SpanBinaryCodec.HAS_STATUS_MESSAGE;
import static io.weft.wire.SpanBinaryCodec.MAX_DEPTH;
import static io.weft.wire.SpanBinaryCodec.REF_HAS_TAGS;
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

import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;

/**
 * Writes span messages of {@link SpanBinaryCodec}'s format; strings and trace ids said once per message,
 * then referred to. Its tables are kept from message to message (cleared, not reallocated), so one
 * encoder per thread writes a request's many per-trace messages without allocating them again.
 */
final class SpanBinaryEncoder {
  private ByteSink out;
  private final StringTable strings;
  private final HashMap<TraceId, Integer> traceIds = new HashMap<>();
  /** The last trace id written and its table number: a message's spans nearly always share one. */
  private TraceId lastTraceId;
  private int lastTraceRef;
  /** Set once the message uses something of version 2. */
  private boolean version2;
  private int depth;

  /** Sized for about a dozen new strings per span (operation, tag values), so it rarely grows. */
  SpanBinaryEncoder(int spans) {
    this.strings = new StringTable(Math.min(1024, 16 * Math.max(1, spans)));
  }

  SpanBinaryEncoder(ByteSink out, int spans) {
    this(spans);
    this.out = out;
  }

  /** Appends one message holding {@code spans} to {@code sink}. */
  void message(List<Span> spans, ByteSink sink) {
    out = sink;
    strings.clear();
    traceIds.clear();
    lastTraceId = null;
    version2 = false;
    depth = 0;
    message(spans);
  }

  void message(List<Span> spans) {
    int versionAt = out.size();
    out.write(VERSION_1);
    out.writeUVarint(spans.size());
    for (int i = 0; i < spans.size(); i++) {
      span(spans.get(i));
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
    for (int i = 0; i < tags.size(); i++) {
      Tag t = tags.get(i);
      int type = switch (t.type()) {
        case STRING -> TAG_STRING;
        case BOOL -> (Boolean) t.value() ? TAG_TRUE : TAG_FALSE;
        case INT64 -> TAG_INT64;
        case FLOAT64 -> TAG_FLOAT64;
        case BINARY -> TAG_BINARY;
        case ARRAY -> TAG_ARRAY;
        case MAP -> TAG_MAP;
      };
      int known = strings.idOrAdd(t.key());
      out.writeUVarint((known >= 0 ? known + 2L : 1L) << 3 | type);
      if (known < 0) {
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
    int known = strings.idOrAdd(s);
    if (known >= 0) {
      out.writeUVarint(known + 2L);
    } else {
      out.writeUVarint(1);
      literal(s);
    }
  }

  /** A string's bytes (idOrAdd just numbered it, as the reader's table will). */
  private void literal(String s) {
    if (!out.writeShortAscii(s)) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.writeUVarint(utf8.length);
      out.write(utf8);
    }
  }

  private void traceId(TraceId id) {
    if (id == null) {
      out.writeUVarint(0);
      return;
    }
    if (id.equals(lastTraceId)) {
      out.writeUVarint(lastTraceRef + 3L);
      return;
    }
    Integer known = traceIds.get(id);
    if (known != null) {
      lastTraceId = id;
      lastTraceRef = known;
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
    lastTraceId = id;
    lastTraceRef = traceIds.size();
    traceIds.put(id, lastTraceRef);
  }
}
