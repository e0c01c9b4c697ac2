package io.weft.codec;

import com.google.protobuf.ByteString;
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
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TagType;
import io.weft.model.TraceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weft spans to an OTLP export request: the inverse of {@link OtlpDecoder}, so that decoding what this
 * encodes gives the spans back. Spans are grouped by process (a resource) and instrumentation scope
 * (the {@code otel.scope.*} tags); the tags {@link OtlpDecoder} derives from OTLP fields (trace state,
 * dropped counts, an event's name) go back into those fields, a reference's tags are its link's
 * attributes, ARRAY and MAP tags OTLP arrays and kvlists. What OTLP cannot carry is left out: span
 * warnings, Jaeger's debug flag, and a reference without attributes that repeats the parent.
 */
public final class OtlpEncoder {
  private static final int SAMPLED = 1;

  private OtlpEncoder() {}

  /** Tags Weft's collector adds for its own bookkeeping, which a reader of the trace never sent. */
  public static final Set<String> COLLECTOR_TAGS = Set.of("internal.span.format");

  public static ExportTraceServiceRequest encode(List<Span> spans) {
    return encode(spans, Set.of());
  }

  /**
   * The spans as the query APIs return them: what the sender sent, without the collector's
   * {@link #COLLECTOR_TAGS} (Jaeger v2 has no {@code internal.span.format} either).
   */
  public static ExportTraceServiceRequest encodeForQuery(List<Span> spans) {
    return encode(spans, COLLECTOR_TAGS);
  }

  /** The spans, leaving out span tags whose key is in {@code omitTags}. */
  public static ExportTraceServiceRequest encode(List<Span> spans, Set<String> omitTags) {
    Map<Process, Map<Scope, ScopeSpans.Builder>> byProcess = new LinkedHashMap<>();
    for (Span s : spans) {
      Process p = s.process() == null ? new Process("", List.of()) : s.process();
      Scope scope = Scope.of(s);
      byProcess.computeIfAbsent(p, k -> new LinkedHashMap<>())
          .computeIfAbsent(scope, Scope::builder)
          .addSpans(span(s, scope, omitTags));
    }
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    byProcess.forEach((process, scopes) -> {
      ResourceSpans.Builder rs = ResourceSpans.newBuilder().setResource(resource(process));
      scopes.values().forEach(rs::addScopeSpans);
      req.addResourceSpans(rs);
    });
    return req.build();
  }

  /** The instrumentation scope a span names in its {@code otel.scope.*} tags (empty when it names none). */
  private record Scope(String name, String version) {
    static Scope of(Span s) {
      String name = "";
      String version = "";
      for (Tag t : s.tags()) {
        if (t.type() == TagType.STRING && t.key().equals(OtlpDecoder.SCOPE_NAME) && name.isEmpty()) {
          name = (String) t.value();
        } else if (t.type() == TagType.STRING && t.key().equals(OtlpDecoder.SCOPE_VERSION) && version.isEmpty()) {
          version = (String) t.value();
        }
      }
      return new Scope(name, version);
    }

    ScopeSpans.Builder builder() {
      return ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(name).setVersion(version));
    }

    /** True for the tag this scope was read from (an empty value is not a scope field, so it stays a tag). */
    boolean carries(Tag t) {
      return t.type() == TagType.STRING && !((String) t.value()).isEmpty()
          && (t.key().equals(OtlpDecoder.SCOPE_NAME) && t.value().equals(name)
              || t.key().equals(OtlpDecoder.SCOPE_VERSION) && t.value().equals(version));
    }
  }

  private static Resource resource(Process p) {
    Resource.Builder r = Resource.newBuilder();
    if (p.serviceName() != null && !p.serviceName().isEmpty()) {
      r.addAttributes(kv(Tag.string(OtlpDecoder.SERVICE_NAME, p.serviceName())));
    }
    for (Tag t : p.tags()) {
      int dropped = count(t, OtlpDecoder.DROPPED_ATTRIBUTES);
      if (dropped >= 0) {
        r.setDroppedAttributesCount(dropped);
      } else {
        r.addAttributes(kv(t));
      }
    }
    return r.build();
  }

  private static io.opentelemetry.proto.trace.v1.Span span(Span s, Scope scope, Set<String> omitTags) {
    io.opentelemetry.proto.trace.v1.Span.Builder b = io.opentelemetry.proto.trace.v1.Span.newBuilder()
        .setTraceId(traceId(s.traceId()))
        .setSpanId(ByteString.copyFrom(Ids.toBytes(s.spanId())))
        .setName(s.operationName() == null ? "" : s.operationName())
        .setKind(kind(s.kind()))
        .setStartTimeUnixNano(s.startTimeMicros() * 1000)
        .setEndTimeUnixNano((s.startTimeMicros() + s.durationMicros()) * 1000)
        .setFlags(s.flags() & SAMPLED); // Jaeger's debug bit (2) would read as W3C's "random" flag
    long parent = s.parentSpanId();
    if (parent != 0) {
      b.setParentSpanId(ByteString.copyFrom(Ids.toBytes(parent)));
    }
    for (SpanRef r : s.references()) {
      // The parent travels as parent_span_id; a link back to it (which would retype the parent when
      // decoded) is written only to carry attributes.
      if (parent != 0 && r.spanId() == parent && s.traceId().equals(r.traceId()) && r.tags().isEmpty()) {
        continue;
      }
      b.addLinks(link(r));
    }
    for (Tag t : s.tags()) {
      if (scope.carries(t) || omitTags.contains(t.key())) {
        continue;
      }
      if (t.type() == TagType.STRING && t.key().equals(OtlpDecoder.TRACE_STATE)) {
        b.setTraceState((String) t.value());
      } else if (count(t, OtlpDecoder.DROPPED_ATTRIBUTES) >= 0) {
        b.setDroppedAttributesCount(count(t, OtlpDecoder.DROPPED_ATTRIBUTES));
      } else if (count(t, OtlpDecoder.DROPPED_EVENTS) >= 0) {
        b.setDroppedEventsCount(count(t, OtlpDecoder.DROPPED_EVENTS));
      } else if (count(t, OtlpDecoder.DROPPED_LINKS) >= 0) {
        b.setDroppedLinksCount(count(t, OtlpDecoder.DROPPED_LINKS));
      } else {
        b.addAttributes(kv(t));
      }
    }
    for (Log l : s.logs()) {
      b.addEvents(event(l));
    }
    if (s.statusCode() != io.weft.model.StatusCode.UNSET || !s.statusMessage().isEmpty()) {
      b.setStatus(Status.newBuilder().setCode(switch (s.statusCode()) {
        case OK -> Status.StatusCode.STATUS_CODE_OK;
        case ERROR -> Status.StatusCode.STATUS_CODE_ERROR;
        default -> Status.StatusCode.STATUS_CODE_UNSET;
      }).setMessage(s.statusMessage()));
    }
    return b.build();
  }

  /**
   * A link with the reference's attributes. FOLLOWS_FROM is what a link without attributes decodes to;
   * a CHILD_OF that is not the parent says so with {@code opentracing.ref_type}, as the OpenTracing shim does.
   */
  private static io.opentelemetry.proto.trace.v1.Span.Link link(SpanRef r) {
    io.opentelemetry.proto.trace.v1.Span.Link.Builder l = io.opentelemetry.proto.trace.v1.Span.Link.newBuilder()
        .setTraceId(traceId(r.traceId()))
        .setSpanId(ByteString.copyFrom(Ids.toBytes(r.spanId())));
    boolean typed = false;
    for (Tag t : r.tags()) {
      typed |= t.key().equals(OtlpDecoder.REF_TYPE);
      l.addAttributes(kv(t));
    }
    if (r.type() == RefType.CHILD_OF && !typed) {
      l.addAttributes(kv(Tag.string(OtlpDecoder.REF_TYPE, "child_of")));
    }
    return l.build();
  }

  /** A leading string {@code event} field is the event's name, as the decoder puts it there. */
  private static io.opentelemetry.proto.trace.v1.Span.Event event(Log l) {
    io.opentelemetry.proto.trace.v1.Span.Event.Builder e = io.opentelemetry.proto.trace.v1.Span.Event.newBuilder()
        .setTimeUnixNano(l.timestampMicros() * 1000);
    List<Tag> fields = l.fields();
    int from = 0;
    if (!fields.isEmpty() && fields.get(0).key().equals("event") && fields.get(0).type() == TagType.STRING
        && !((String) fields.get(0).value()).isEmpty()
        && fields.stream().skip(1).noneMatch(f -> f.key().equals("event"))) {
      e.setName((String) fields.get(0).value());
      from = 1;
    }
    for (Tag t : fields.subList(from, fields.size())) {
      int dropped = count(t, OtlpDecoder.DROPPED_ATTRIBUTES);
      if (dropped >= 0) {
        e.setDroppedAttributesCount(dropped);
      } else {
        e.addAttributes(kv(t));
      }
    }
    return e.build();
  }

  /** The value of a dropped-count tag with that key, or -1 when the tag is not one (it stays a tag). */
  private static int count(Tag t, String key) {
    if (t.type() == TagType.INT64 && t.key().equals(key)) {
      long v = (Long) t.value();
      if (v > 0 && v <= 0xFFFFFFFFL) {
        return (int) v;
      }
    }
    return -1;
  }

  private static ByteString traceId(TraceId id) {
    byte[] b = new byte[16];
    System.arraycopy(Ids.toBytes(id.high()), 0, b, 0, 8);
    System.arraycopy(Ids.toBytes(id.low()), 0, b, 8, 8);
    return ByteString.copyFrom(b);
  }

  private static KeyValue kv(Tag t) {
    return KeyValue.newBuilder().setKey(t.key()).setValue(AnyValues.toAnyValue(t)).build();
  }

  private static io.opentelemetry.proto.trace.v1.Span.SpanKind kind(io.weft.model.SpanKind k) {
    return switch (k) {
      case INTERNAL -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_INTERNAL;
      case SERVER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER;
      case CLIENT -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT;
      case PRODUCER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER;
      case CONSUMER -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER;
      default -> io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_UNSPECIFIED;
    };
  }
}
