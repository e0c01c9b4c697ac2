package io.weft.codec;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.weft.model.Ids;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
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

  private OtlpDecoder() {}

  /** OTLP/gRPC and OTLP/HTTP protobuf: read straight from the bytes, no protobuf message objects. */
  public static List<Span> decodeProto(byte[] body) {
    return OtlpProtoReader.decode(body);
  }

  /** OTLP/HTTP JSON: parsed into the protobuf message first, so both encodings share one translation. */
  public static List<Span> decodeJson(byte[] body) {
    return decode(OtlpJsonParser.parse(body));
  }

  /** An export request already parsed into protobuf messages (from OTLP JSON; tests compare it with the bytes' reader). */
  public static List<Span> decode(ExportTraceServiceRequest req) {
    List<Span> out = new ArrayList<>();
    for (ResourceSpans rs : req.getResourceSpansList()) {
      Resource resource = rs.getResource();
      Process process = OtlpParts.process(AnyValues.toTags(resource.getAttributesList()),
          resource.getDroppedAttributesCount());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        List<Tag> scopeTags = OtlpParts.scopeTags(ss.getScope().getName(), ss.getScope().getVersion());
        for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
          out.add(span(s, scopeTags, process));
        }
      }
    }
    return out;
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
    OtlpParts.addSpanFields(tags, s.getTraceState(), s.getDroppedAttributesCount(), s.getDroppedEventsCount(),
        s.getDroppedLinksCount());

    ByteString parent = s.getParentSpanId();
    List<OtlpParts.Link> links = new ArrayList<>(s.getLinksCount());
    for (io.opentelemetry.proto.trace.v1.Span.Link l : s.getLinksList()) {
      links.add(new OtlpParts.Link(l.getTraceId().size(), l.getSpanId().size(),
          l.getTraceId().size() == 16 ? TraceId.fromBytes(l.getTraceId().toByteArray()) : null,
          l.getSpanId().size() == 8 ? Ids.spanIdFromBytes(l.getSpanId().toByteArray()) : 0,
          AnyValues.toTags(l.getAttributesList())));
    }
    List<Log> logs = new ArrayList<>(s.getEventsCount());
    for (io.opentelemetry.proto.trace.v1.Span.Event e : s.getEventsList()) {
      logs.add(OtlpParts.log(e.getTimeUnixNano(), e.getName(), AnyValues.toTags(e.getAttributesList()),
          e.getDroppedAttributesCount()));
    }
    return Span.builder()
        .traceId(traceId)
        .spanId(spanId)
        .operationName(s.getName())
        .references(OtlpParts.references(traceId, parent.size(),
            parent.size() == 8 ? Ids.spanIdFromBytes(parent.toByteArray()) : 0, links, warnings))
        .flags(OtlpParts.flags(s.getFlags()))
        .startTimeMicros(OtlpParts.startMicros(s.getStartTimeUnixNano()))
        .durationMicros(OtlpParts.durationMicros(s.getStartTimeUnixNano(), s.getEndTimeUnixNano()))
        .tags(tags)
        .logs(logs)
        .process(process)
        .kind(OtlpParts.kind(s.getKindValue()))
        .status(OtlpParts.status(s.getStatus().getCodeValue()), s.getStatus().getMessage())
        .warnings(warnings)
        .build();
  }
}
