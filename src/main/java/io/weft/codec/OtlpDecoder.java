package io.weft.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.weft.model.Ids;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP traces (protobuf or JSON) to Weft spans, the way Jaeger's OTLP-to-Jaeger translator does it.
 * Kind and status go to their own span fields; {@link io.weft.model.JaegerTags} renders them as tags.
 */
public final class OtlpDecoder {
  /** Jaeger's process name for a resource without attributes; Weft also uses it when service.name is absent. */
  public static final String SERVICE_NAME = "service.name";
  public static final String SCOPE_NAME = "otel.scope.name";
  public static final String SCOPE_VERSION = "otel.scope.version";
  public static final String TRACE_STATE = "w3c.tracestate";
  public static final String DROPPED_ATTRIBUTES = "otel.dropped_attributes_count";
  public static final String DROPPED_EVENTS = "otel.dropped_events_count";
  public static final String DROPPED_LINKS = "otel.dropped_links_count";
  /** A link attribute the OpenTracing shim sets; Jaeger turns such a link back into a CHILD_OF reference. */
  static final String REF_TYPE = "opentracing.ref_type";
  private static final Tag CHILD_OF_ATTRIBUTE = Tag.string(REF_TYPE, "child_of");
  private static final int SAMPLED = 1;

  private OtlpDecoder() {}

  public static List<Span> decodeProto(byte[] body) {
    try {
      return decode(ExportTraceServiceRequest.parseFrom(body));
    } catch (InvalidProtocolBufferException e) {
      throw new CodecException("malformed OTLP protobuf: " + e.getMessage(), e);
    }
  }

  /** OTLP/HTTP JSON: parsed into the protobuf message first, so both encodings share one translation. */
  public static List<Span> decodeJson(byte[] body) {
    return decode(OtlpJsonParser.parse(body));
  }

  public static List<Span> decode(ExportTraceServiceRequest req) {
    List<Span> out = new ArrayList<>();
    for (ResourceSpans rs : req.getResourceSpansList()) {
      Process process = process(rs.getResource());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        List<Tag> scopeTags = scopeTags(ss.getScope());
        for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
          out.add(span(s, scopeTags, process));
        }
      }
    }
    return out;
  }

  private static Process process(Resource resource) {
    String service = null;
    List<Tag> tags = new ArrayList<>(resource.getAttributesCount());
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals(SERVICE_NAME)) {
        if (service == null) {
          service = AnyValues.toTag(SERVICE_NAME, kv.getValue()).valueAsString();
        }
      } else {
        tags.add(AnyValues.toTag(kv.getKey(), kv.getValue()));
      }
    }
    if (resource.getDroppedAttributesCount() > 0) {
      tags.add(Tag.int64(DROPPED_ATTRIBUTES, resource.getDroppedAttributesCount()));
    }
    // No service.name: left empty, so the collector's validator rejects the span with a reason.
    return new Process(service == null ? "" : service, tags);
  }

  private static List<Tag> scopeTags(InstrumentationScope scope) {
    List<Tag> tags = new ArrayList<>(2);
    if (!scope.getName().isEmpty()) {
      tags.add(Tag.string(SCOPE_NAME, scope.getName()));
    }
    if (!scope.getVersion().isEmpty()) {
      tags.add(Tag.string(SCOPE_VERSION, scope.getVersion()));
    }
    return tags;
  }

  private static Span span(io.opentelemetry.proto.trace.v1.Span s, List<Tag> scopeTags, Process process) {
    List<String> warnings = new ArrayList<>(0);
    // A bad trace or span id gives zeros, which the collector's validator rejects with a reason.
    TraceId traceId = s.getTraceId().size() == 16
        ? TraceId.fromBytes(s.getTraceId().toByteArray()) : new TraceId(0, 0);
    long spanId = s.getSpanId().size() == 8 ? Ids.spanIdFromBytes(s.getSpanId().toByteArray()) : 0;

    List<Tag> tags = new ArrayList<>(scopeTags.size() + s.getAttributesCount() + 4);
    tags.addAll(scopeTags);
    tags.addAll(AnyValues.toTags(s.getAttributesList()));
    if (!s.getTraceState().isEmpty()) {
      tags.add(Tag.string(TRACE_STATE, s.getTraceState()));
    }
    addCount(tags, DROPPED_ATTRIBUTES, s.getDroppedAttributesCount());
    addCount(tags, DROPPED_EVENTS, s.getDroppedEventsCount());
    addCount(tags, DROPPED_LINKS, s.getDroppedLinksCount());

    long startNanos = s.getStartTimeUnixNano();
    return Span.builder()
        .traceId(traceId)
        .spanId(spanId)
        .operationName(s.getName())
        .references(references(s, traceId, warnings))
        .flags(s.getFlags() & SAMPLED) // W3C bit 2 ("random") would read as Jaeger's debug bit
        .startTimeMicros(Long.divideUnsigned(startNanos, 1000))
        .durationMicros((s.getEndTimeUnixNano() - startNanos) / 1000)
        .tags(tags)
        .logs(logs(s.getEventsList()))
        .process(process)
        .kind(kind(s.getKind()))
        .status(status(s.getStatus().getCode()), s.getStatus().getMessage())
        .warnings(warnings)
        .build();
  }

  /**
   * The parent first (readers look for the first CHILD_OF), then links as FOLLOWS_FROM (CHILD_OF when
   * an {@code opentracing.ref_type} attribute says so), each with all its attributes.
   */
  private static List<SpanRef> references(io.opentelemetry.proto.trace.v1.Span s, TraceId traceId,
      List<String> warnings) {
    List<SpanRef> refs = new ArrayList<>(s.getLinksCount() + 1);
    long parent = 0;
    ByteString p = s.getParentSpanId();
    if (p.size() == 8) {
      parent = Ids.spanIdFromBytes(p.toByteArray());
    } else if (!p.isEmpty()) {
      warnings.add("invalid parent span id (" + p.size() + " bytes), dropped");
    }
    if (parent != 0) {
      refs.add(SpanRef.childOf(traceId, parent));
    }
    for (io.opentelemetry.proto.trace.v1.Span.Link link : s.getLinksList()) {
      if (link.getTraceId().size() != 16 || link.getSpanId().size() != 8) {
        warnings.add("invalid link ids (" + link.getTraceId().size() + " and " + link.getSpanId().size()
            + " bytes), dropped");
        continue;
      }
      TraceId linkTrace = TraceId.fromBytes(link.getTraceId().toByteArray());
      long linkSpan = Ids.spanIdFromBytes(link.getSpanId().toByteArray());
      RefType type = isChildOf(link) ? RefType.CHILD_OF : RefType.FOLLOWS_FROM;
      List<Tag> attributes = AnyValues.toTags(link.getAttributesList());
      if (type == RefType.CHILD_OF) {
        attributes.remove(CHILD_OF_ATTRIBUTE); // the type says it; the encoder writes it back
      }
      if (parent != 0 && linkSpan == parent && linkTrace.equals(traceId)) {
        // A link to the parent restates its type (and may carry attributes).
        refs.set(0, new SpanRef(type, traceId, parent, attributes));
      } else {
        refs.add(new SpanRef(type, linkTrace, linkSpan, attributes));
      }
    }
    return refs;
  }

  private static boolean isChildOf(io.opentelemetry.proto.trace.v1.Span.Link link) {
    for (KeyValue kv : link.getAttributesList()) {
      if (kv.getKey().equals(REF_TYPE)) {
        return kv.getValue().getStringValue().equals("child_of");
      }
    }
    return false;
  }

  /** Each event is a log: its name as field {@code event} (unless an attribute has that key), then its attributes. */
  private static List<Log> logs(List<io.opentelemetry.proto.trace.v1.Span.Event> events) {
    List<Log> logs = new ArrayList<>(events.size());
    for (io.opentelemetry.proto.trace.v1.Span.Event e : events) {
      List<Tag> fields = new ArrayList<>(e.getAttributesCount() + 2);
      boolean hasEventAttr = e.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals("event"));
      if (!e.getName().isEmpty() && !hasEventAttr) {
        fields.add(Tag.string("event", e.getName()));
      }
      fields.addAll(AnyValues.toTags(e.getAttributesList()));
      addCount(fields, DROPPED_ATTRIBUTES, e.getDroppedAttributesCount());
      logs.add(new Log(Long.divideUnsigned(e.getTimeUnixNano(), 1000), fields));
    }
    return logs;
  }

  private static void addCount(List<Tag> tags, String key, int count) {
    if (count != 0) {
      tags.add(Tag.int64(key, Integer.toUnsignedLong(count)));
    }
  }

  private static SpanKind kind(io.opentelemetry.proto.trace.v1.Span.SpanKind k) {
    return switch (k) {
      case SPAN_KIND_INTERNAL -> SpanKind.INTERNAL;
      case SPAN_KIND_SERVER -> SpanKind.SERVER;
      case SPAN_KIND_CLIENT -> SpanKind.CLIENT;
      case SPAN_KIND_PRODUCER -> SpanKind.PRODUCER;
      case SPAN_KIND_CONSUMER -> SpanKind.CONSUMER;
      default -> SpanKind.UNSPECIFIED;
    };
  }

  private static StatusCode status(Status.StatusCode c) {
    return switch (c) {
      case STATUS_CODE_OK -> StatusCode.OK;
      case STATUS_CODE_ERROR -> StatusCode.ERROR;
      default -> StatusCode.UNSET;
    };
  }
}
