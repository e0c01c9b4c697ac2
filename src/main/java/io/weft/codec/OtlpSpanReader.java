package io.weft.codec;

import static io.weft.codec.ProtoInput.FIXED32;
import static io.weft.codec.ProtoInput.FIXED64;
import static io.weft.codec.ProtoInput.LEN;
import static io.weft.codec.ProtoInput.VARINT;

import io.weft.model.Ids;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * trace.proto's Span (with its events, links and status) from protobuf bytes to a Weft span, by
 * {@link OtlpParts}' rules. Fields come in any order, so the span's own fields are gathered first
 * and the references made at the end (they need the trace and parent ids). One per request.
 */
final class OtlpSpanReader {
  private static final int TRACE_ID = 1 << 3 | LEN;
  private static final int SPAN_ID = 2 << 3 | LEN;
  private static final int TRACE_STATE = 3 << 3 | LEN;
  private static final int PARENT_SPAN_ID = 4 << 3 | LEN;
  private static final int NAME = 5 << 3 | LEN;
  private static final int KIND = 6 << 3 | VARINT;
  private static final int START = 7 << 3 | FIXED64;
  private static final int END = 8 << 3 | FIXED64;
  private static final int ATTRIBUTES = 9 << 3 | LEN;
  private static final int DROPPED_ATTRIBUTES = 10 << 3 | VARINT;
  private static final int EVENTS = 11 << 3 | LEN;
  private static final int DROPPED_EVENTS = 12 << 3 | VARINT;
  private static final int LINKS = 13 << 3 | LEN;
  private static final int DROPPED_LINKS = 14 << 3 | VARINT;
  private static final int STATUS = 15 << 3 | LEN;
  private static final int FLAGS = 16 << 3 | FIXED32;
  // Event
  private static final int EVENT_TIME = 1 << 3 | FIXED64;
  private static final int EVENT_NAME = 2 << 3 | LEN;
  private static final int EVENT_ATTRIBUTES = 3 << 3 | LEN;
  private static final int EVENT_DROPPED = 4 << 3 | VARINT;
  // Link (trace and span ids as the span's)
  private static final int LINK_ATTRIBUTES = 4 << 3 | LEN;
  private static final int LINK_DROPPED = 5 << 3 | VARINT;
  private static final int LINK_FLAGS = 6 << 3 | FIXED32;
  // Status
  private static final int STATUS_MESSAGE = 2 << 3 | LEN;
  private static final int STATUS_CODE = 3 << 3 | VARINT;
  private static final TraceId ZERO = new TraceId(0, 0);

  private final ProtoInput in;
  /** The last trace id made: a request's spans mostly come trace by trace, so it is usually the next one too. */
  private TraceId lastTraceId = ZERO;
  private int statusCode;
  private String statusMessage;

  OtlpSpanReader(ProtoInput in) {
    this.in = in;
  }

  /** The Span message at the position (its tag just read). */
  Span read(List<Tag> scopeTags, Process process) {
    int outer = in.enter();
    byte[] b = in.buf;
    int traceIdAt = 0;
    int traceIdBytes = 0;
    int spanIdAt = 0;
    int spanIdBytes = 0;
    int parentAt = 0;
    int parentBytes = 0;
    String traceState = "";
    String name = "";
    int kind = 0;
    long start = 0;
    long end = 0;
    int flags = 0;
    int droppedAttributes = 0;
    int droppedEvents = 0;
    int droppedLinks = 0;
    statusCode = 0;
    statusMessage = "";
    List<Tag> tags = new ArrayList<>(scopeTags.size() + 8);
    tags.addAll(scopeTags);
    List<Log> logs = List.of();
    List<OtlpParts.Link> links = List.of();
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case TRACE_ID -> {
          traceIdAt = in.readBytesOffset();
          traceIdBytes = in.pos - traceIdAt;
        }
        case SPAN_ID -> {
          spanIdAt = in.readBytesOffset();
          spanIdBytes = in.pos - spanIdAt;
        }
        case PARENT_SPAN_ID -> {
          parentAt = in.readBytesOffset();
          parentBytes = in.pos - parentAt;
        }
        case TRACE_STATE -> traceState = in.readString();
        case NAME -> name = in.readName();
        case KIND -> kind = in.readVarint32();
        case START -> start = in.readFixed64();
        case END -> end = in.readFixed64();
        case FLAGS -> flags = in.readFixed32();
        case ATTRIBUTES -> OtlpAttributeReader.add(in, tags);
        case DROPPED_ATTRIBUTES -> droppedAttributes = in.readVarint32();
        case DROPPED_EVENTS -> droppedEvents = in.readVarint32();
        case DROPPED_LINKS -> droppedLinks = in.readVarint32();
        case EVENTS -> {
          if (logs.isEmpty()) {
            logs = new ArrayList<>(4);
          }
          logs.add(event());
        }
        case LINKS -> {
          if (links.isEmpty()) {
            links = new ArrayList<>(2);
          }
          links.add(link());
        }
        case STATUS -> status();
        default -> in.skip(t);
      }
    }
    in.leave(outer);
    OtlpParts.addSpanFields(tags, traceState, droppedAttributes, droppedEvents, droppedLinks);
    // A bad trace or span id gives zeros, which the collector's validator rejects with a reason.
    TraceId traceId = traceIdBytes == 16 ? traceId(b, traceIdAt) : ZERO;
    List<String> warnings = parentBytes != 0 && parentBytes != 8 || !links.isEmpty() ? new ArrayList<>(1) : List.of();
    List<SpanRef> references = OtlpParts.references(traceId, parentBytes,
        parentBytes == 8 ? Ids.readLong(b, parentAt) : 0, links, warnings);
    return Span.builder()
        .traceId(traceId)
        .spanId(spanIdBytes == 8 ? Ids.readLong(b, spanIdAt) : 0)
        .operationName(name)
        .references(references)
        .flags(OtlpParts.flags(flags))
        .startTimeMicros(OtlpParts.startMicros(start))
        .durationMicros(OtlpParts.durationMicros(start, end))
        .tags(tags)
        .logs(logs)
        .process(process)
        .kind(OtlpParts.kind(kind))
        .status(OtlpParts.status(statusCode), statusMessage)
        .warnings(warnings)
        .build();
  }

  private TraceId traceId(byte[] b, int at) {
    long high = Ids.readLong(b, at);
    long low = Ids.readLong(b, at + 8);
    if (lastTraceId.high() != high || lastTraceId.low() != low) {
      lastTraceId = new TraceId(high, low);
    }
    return lastTraceId;
  }

  private Log event() {
    int outer = in.enter();
    long time = 0;
    String name = "";
    List<Tag> attributes = new ArrayList<>(4);
    int dropped = 0;
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case EVENT_TIME -> time = in.readFixed64();
        case EVENT_NAME -> name = in.readName();
        case EVENT_ATTRIBUTES -> OtlpAttributeReader.add(in, attributes);
        case EVENT_DROPPED -> dropped = in.readVarint32();
        default -> in.skip(t);
      }
    }
    in.leave(outer);
    return OtlpParts.log(time, name, attributes, dropped);
  }

  private OtlpParts.Link link() {
    int outer = in.enter();
    byte[] b = in.buf;
    int traceIdAt = 0;
    int traceIdBytes = 0;
    int spanIdAt = 0;
    int spanIdBytes = 0;
    List<Tag> attributes = new ArrayList<>(2);
    int t;
    while ((t = in.readTag()) != 0) {
      switch (t) {
        case TRACE_ID -> {
          traceIdAt = in.readBytesOffset();
          traceIdBytes = in.pos - traceIdAt;
        }
        case SPAN_ID -> {
          spanIdAt = in.readBytesOffset();
          spanIdBytes = in.pos - spanIdAt;
        }
        case TRACE_STATE -> in.readString(); // not kept, but must be UTF-8
        case LINK_ATTRIBUTES -> OtlpAttributeReader.add(in, attributes);
        case LINK_DROPPED -> in.readVarint32();
        case LINK_FLAGS -> in.readFixed32();
        default -> in.skip(t);
      }
    }
    in.leave(outer);
    return new OtlpParts.Link(traceIdBytes, spanIdBytes,
        traceIdBytes == 16 ? new TraceId(Ids.readLong(b, traceIdAt), Ids.readLong(b, traceIdAt + 8)) : null,
        spanIdBytes == 8 ? Ids.readLong(b, spanIdAt) : 0, attributes);
  }

  /** Each occurrence of the status merges into the one before, as protobuf does. */
  private void status() {
    int outer = in.enter();
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == STATUS_MESSAGE) {
        statusMessage = in.readString();
      } else if (t == STATUS_CODE) {
        statusCode = in.readVarint32();
      } else {
        in.skip(t);
      }
    }
    in.leave(outer);
  }
}
