package io.weft.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * OTLP traces as OTLP JSON ({@code TracesData}), the way the OpenTelemetry Collector's pdata writes
 * it and Jaeger's api_v3 serves it: lowerCamelCase names in proto field order, trace and span ids as
 * lowercase hex, enums as integers, 64-bit integers as decimal strings, bytes as base64, doubles as
 * numbers (NaN and infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}).
 * Fields at their default value are left out, except {@code resource}, {@code scope} and a span's
 * {@code status}, which are always written (as pdata does).
 */
public final class OtlpJsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private OtlpJsonWriter() {}

  /** One {@code TracesData} object holding the request's resource spans, as UTF-8 bytes. */
  public static byte[] toJson(ExportTraceServiceRequest req) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JaegerUiJson.generator(out)) {
      writeTracesData(g, req.getResourceSpansList());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory does not fail
    }
    return out.toByteArray();
  }

  /** {@code {"resourceSpans":[...]}}; the field is left out when there are none. */
  public static void writeTracesData(JsonGenerator g, List<ResourceSpans> resourceSpans) throws IOException {
    g.writeStartObject();
    if (!resourceSpans.isEmpty()) {
      g.writeArrayFieldStart("resourceSpans");
      for (ResourceSpans rs : resourceSpans) {
        writeResourceSpans(g, rs);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  public static void writeResourceSpans(JsonGenerator g, ResourceSpans rs) throws IOException {
    g.writeStartObject();
    g.writeFieldName("resource");
    resource(g, rs.getResource());
    if (rs.getScopeSpansCount() > 0) {
      g.writeArrayFieldStart("scopeSpans");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        scopeSpans(g, ss);
      }
      g.writeEndArray();
    }
    string(g, "schemaUrl", rs.getSchemaUrl());
    g.writeEndObject();
  }

  private static void resource(JsonGenerator g, Resource r) throws IOException {
    g.writeStartObject();
    attributes(g, r.getAttributesList());
    uint32(g, "droppedAttributesCount", r.getDroppedAttributesCount());
    g.writeEndObject();
  }

  private static void scopeSpans(JsonGenerator g, ScopeSpans ss) throws IOException {
    g.writeStartObject();
    g.writeFieldName("scope");
    scope(g, ss.getScope());
    if (ss.getSpansCount() > 0) {
      g.writeArrayFieldStart("spans");
      for (Span s : ss.getSpansList()) {
        span(g, s);
      }
      g.writeEndArray();
    }
    string(g, "schemaUrl", ss.getSchemaUrl());
    g.writeEndObject();
  }

  private static void scope(JsonGenerator g, InstrumentationScope s) throws IOException {
    g.writeStartObject();
    string(g, "name", s.getName());
    string(g, "version", s.getVersion());
    attributes(g, s.getAttributesList());
    uint32(g, "droppedAttributesCount", s.getDroppedAttributesCount());
    g.writeEndObject();
  }

  private static void span(JsonGenerator g, Span s) throws IOException {
    g.writeStartObject();
    id(g, "traceId", s.getTraceId());
    id(g, "spanId", s.getSpanId());
    string(g, "traceState", s.getTraceState());
    id(g, "parentSpanId", s.getParentSpanId());
    uint32(g, "flags", s.getFlags());
    string(g, "name", s.getName());
    if (s.getKindValue() != 0) {
      g.writeNumberField("kind", s.getKindValue());
    }
    uint64(g, "startTimeUnixNano", s.getStartTimeUnixNano());
    uint64(g, "endTimeUnixNano", s.getEndTimeUnixNano());
    attributes(g, s.getAttributesList());
    uint32(g, "droppedAttributesCount", s.getDroppedAttributesCount());
    if (s.getEventsCount() > 0) {
      g.writeArrayFieldStart("events");
      for (Span.Event e : s.getEventsList()) {
        event(g, e);
      }
      g.writeEndArray();
    }
    uint32(g, "droppedEventsCount", s.getDroppedEventsCount());
    if (s.getLinksCount() > 0) {
      g.writeArrayFieldStart("links");
      for (Span.Link l : s.getLinksList()) {
        link(g, l);
      }
      g.writeEndArray();
    }
    uint32(g, "droppedLinksCount", s.getDroppedLinksCount());
    g.writeFieldName("status");
    status(g, s.getStatus());
    g.writeEndObject();
  }

  private static void event(JsonGenerator g, Span.Event e) throws IOException {
    g.writeStartObject();
    uint64(g, "timeUnixNano", e.getTimeUnixNano());
    string(g, "name", e.getName());
    attributes(g, e.getAttributesList());
    uint32(g, "droppedAttributesCount", e.getDroppedAttributesCount());
    g.writeEndObject();
  }

  private static void link(JsonGenerator g, Span.Link l) throws IOException {
    g.writeStartObject();
    id(g, "traceId", l.getTraceId());
    id(g, "spanId", l.getSpanId());
    string(g, "traceState", l.getTraceState());
    attributes(g, l.getAttributesList());
    uint32(g, "droppedAttributesCount", l.getDroppedAttributesCount());
    uint32(g, "flags", l.getFlags());
    g.writeEndObject();
  }

  private static void status(JsonGenerator g, Status s) throws IOException {
    g.writeStartObject();
    string(g, "message", s.getMessage());
    if (s.getCodeValue() != 0) {
      g.writeNumberField("code", s.getCodeValue());
    }
    g.writeEndObject();
  }

  private static void attributes(JsonGenerator g, List<KeyValue> attributes) throws IOException {
    if (attributes.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("attributes");
    for (KeyValue kv : attributes) {
      keyValue(g, kv);
    }
    g.writeEndArray();
  }

  private static void keyValue(JsonGenerator g, KeyValue kv) throws IOException {
    g.writeStartObject();
    string(g, "key", kv.getKey());
    g.writeFieldName("value");
    anyValue(g, kv.getValue());
    g.writeEndObject();
  }

  /** One of the value fields, or {@code {}} for an empty value. */
  private static void anyValue(JsonGenerator g, AnyValue v) throws IOException {
    g.writeStartObject();
    switch (v.getValueCase()) {
      case STRING_VALUE -> g.writeStringField("stringValue", v.getStringValue());
      case BOOL_VALUE -> g.writeBooleanField("boolValue", v.getBoolValue());
      case INT_VALUE -> g.writeStringField("intValue", Long.toString(v.getIntValue()));
      case DOUBLE_VALUE -> {
        g.writeFieldName("doubleValue");
        writeDouble(g, v.getDoubleValue());
      }
      case ARRAY_VALUE -> {
        g.writeFieldName("arrayValue");
        values(g, v.getArrayValue().getValuesList(), null);
      }
      case KVLIST_VALUE -> {
        g.writeFieldName("kvlistValue");
        values(g, null, v.getKvlistValue().getValuesList());
      }
      case BYTES_VALUE -> g.writeStringField("bytesValue", Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      default -> { } // unset: an empty object
    }
    g.writeEndObject();
  }

  /** An ArrayValue ({@code values} of AnyValue) or a KeyValueList ({@code values} of KeyValue). */
  private static void values(JsonGenerator g, List<AnyValue> array, List<KeyValue> kvlist) throws IOException {
    g.writeStartObject();
    int n = array != null ? array.size() : kvlist.size();
    if (n > 0) {
      g.writeArrayFieldStart("values");
      for (int i = 0; i < n; i++) {
        if (array != null) {
          anyValue(g, array.get(i));
        } else {
          keyValue(g, kvlist.get(i));
        }
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** Protobuf JSON's doubles: a number, or one of the strings it reserves for values JSON cannot hold. */
  static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d)) {
      g.writeString("NaN");
    } else if (Double.isInfinite(d)) {
      g.writeString(d > 0 ? "Infinity" : "-Infinity");
    } else {
      g.writeNumber(d);
    }
  }

  private static void string(JsonGenerator g, String name, String v) throws IOException {
    if (!v.isEmpty()) {
      g.writeStringField(name, v);
    }
  }

  private static void uint32(JsonGenerator g, String name, int v) throws IOException {
    if (v != 0) {
      g.writeNumberField(name, Integer.toUnsignedLong(v));
    }
  }

  private static void uint64(JsonGenerator g, String name, long v) throws IOException {
    if (v != 0) {
      g.writeStringField(name, Long.toUnsignedString(v));
    }
  }

  private static void id(JsonGenerator g, String name, ByteString id) throws IOException {
    if (id.isEmpty()) {
      return;
    }
    char[] c = new char[id.size() * 2];
    for (int i = 0; i < id.size(); i++) {
      int b = id.byteAt(i) & 0xff;
      c[2 * i] = HEX[b >>> 4];
      c[2 * i + 1] = HEX[b & 0xf];
    }
    g.writeFieldName(name);
    g.writeString(c, 0, c.length);
  }
}
