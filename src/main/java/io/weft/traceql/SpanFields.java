package io.weft.traceql;

import io.weft.model.JaegerTags;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * Where TraceQL finds things on Weft's spans. Status is the span's OTel status; a span that has
 * none (Jaeger, Zipkin) takes it from an {@code otel.status_code} tag, else an {@code error} tag
 * that is true makes it an error, as OpenTelemetry's Jaeger translation does. Links are the
 * references other than the parent. Instrumentation scope lives in {@code otel.scope.*} tags.
 */
public final class SpanFields {
  static final String SCOPE_PREFIX = "otel.scope.";
  static final String SERVICE_NAME = "service.name";
  /** The one link attribute Weft keeps: a reference's type, as its OTLP encoder writes it. */
  static final String REF_TYPE = "opentracing.ref_type";

  private SpanFields() {}

  public static StatusCode status(Span s) {
    if (s.statusCode() != StatusCode.UNSET) {
      return s.statusCode();
    }
    boolean error = false;
    for (Tag t : s.tags()) {
      if (t.key().equals(JaegerTags.STATUS_CODE)) {
        String v = t.valueAsString();
        if (v.equalsIgnoreCase("ERROR")) {
          return StatusCode.ERROR;
        }
        if (v.equalsIgnoreCase("OK")) {
          return StatusCode.OK;
        }
      } else if (t.key().equals(JaegerTags.ERROR) && t.valueAsString().equalsIgnoreCase("true")) {
        error = true;
      }
    }
    return error ? StatusCode.ERROR : StatusCode.UNSET;
  }

  static String statusMessage(Span s) {
    if (!s.statusMessage().isEmpty() || s.statusCode() != StatusCode.UNSET) {
      return s.statusMessage();
    }
    Tag t = find(s.tags(), JaegerTags.STATUS_DESCRIPTION);
    return t == null ? "" : t.valueAsString();
  }

  /** The span's references except its parent (the first CHILD_OF within the trace). */
  static List<SpanRef> links(Span s) {
    List<SpanRef> out = new ArrayList<>(s.references().size());
    boolean parentSkipped = false;
    long parent = s.parentSpanId();
    for (SpanRef r : s.references()) {
      if (!parentSkipped && parent != 0 && r.spanId() == parent && r.traceId().equals(s.traceId())
          && r.type() == io.weft.model.RefType.CHILD_OF) {
        parentSkipped = true;
        continue;
      }
      out.add(r);
    }
    return out;
  }

  /** The span's tag (not the instrumentation scope's {@code otel.scope.*}), or null. */
  static Tag spanTag(Span s, String key) {
    return key.startsWith(SCOPE_PREFIX) ? null : find(s.tags(), key);
  }

  /** The process tag; the service for {@code service.name}; or null. */
  static Tag resourceTag(Span s, String key) {
    if (s.process() == null) {
      return null;
    }
    if (key.equals(SERVICE_NAME)) {
      return s.process().serviceName() == null ? null : Tag.string(SERVICE_NAME, s.process().serviceName());
    }
    return find(s.process().tags(), key);
  }

  static Value instrumentationAttribute(Span s, String key) {
    Tag t = find(s.tags(), SCOPE_PREFIX + key);
    return t == null ? Value.NIL : Value.of(t);
  }

  /** A link's attribute; its reference type as {@code opentracing.ref_type} when the link does not say. */
  static Tag linkTag(SpanRef r, String key) {
    Tag t = find(r.tags(), key);
    if (t == null && key.equals(REF_TYPE)) {
      return Tag.string(REF_TYPE, r.type() == io.weft.model.RefType.CHILD_OF ? "child_of" : "follows_from");
    }
    return t;
  }

  static Tag find(List<Tag> tags, String key) {
    for (int i = 0; i < tags.size(); i++) {
      Tag t = tags.get(i);
      if (t.key().equals(key)) {
        return t;
      }
    }
    return null;
  }
}
