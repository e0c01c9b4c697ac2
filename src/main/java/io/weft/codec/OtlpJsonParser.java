package io.weft.codec;

import static io.weft.codec.OtlpJsonValues.at;
import static io.weft.codec.OtlpJsonValues.base64;
import static io.weft.codec.OtlpJsonValues.bool;
import static io.weft.codec.OtlpJsonValues.dbl;
import static io.weft.codec.OtlpJsonValues.each;
import static io.weft.codec.OtlpJsonValues.enumValue;
import static io.weft.codec.OtlpJsonValues.hex;
import static io.weft.codec.OtlpJsonValues.int64;
import static io.weft.codec.OtlpJsonValues.object;
import static io.weft.codec.OtlpJsonValues.string;
import static io.weft.codec.OtlpJsonValues.uint32;
import static io.weft.codec.OtlpJsonValues.uint64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.weft.codec.OtlpJsonValues.Bad;
import java.io.IOException;

/**
 * The OTLP/HTTP JSON encoding into the protobuf message. It follows the OTLP spec rather than the
 * generic protobuf JSON mapping (which {@code JsonFormat} implements): ids are hex, not base64.
 * Field names may be lowerCamelCase or the proto's snake_case; enums integers or names; 64-bit
 * integers strings or numbers. Unknown fields are ignored, as the spec requires.
 */
final class OtlpJsonParser {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private OtlpJsonParser() {}

  static ExportTraceServiceRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new CodecException("malformed OTLP JSON: " + e.getOriginalMessage()
          + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()), e);
    } catch (IOException e) {
      throw new CodecException("malformed OTLP JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new CodecException("malformed OTLP JSON: empty body");
    }
    try {
      ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
      object(root);
      each(root, "resourceSpans", "resource_spans", n -> req.addResourceSpans(resourceSpans(n)));
      return req.build();
    } catch (Bad b) {
      throw new CodecException("invalid OTLP JSON at " + b.path() + ": " + b.getMessage());
    }
  }

  private static ResourceSpans resourceSpans(JsonNode n) {
    ResourceSpans.Builder b = ResourceSpans.newBuilder();
    at(n, "resource", "resource", r -> b.setResource(resource(r)));
    each(n, "scopeSpans", "scope_spans", s -> b.addScopeSpans(scopeSpans(s)));
    at(n, "schemaUrl", "schema_url", s -> b.setSchemaUrl(string(s)));
    return b.build();
  }

  private static Resource resource(JsonNode n) {
    Resource.Builder b = Resource.newBuilder();
    each(n, "attributes", "attributes", a -> b.addAttributes(keyValue(a)));
    at(n, "droppedAttributesCount", "dropped_attributes_count", c -> b.setDroppedAttributesCount(uint32(c)));
    return b.build();
  }

  private static ScopeSpans scopeSpans(JsonNode n) {
    ScopeSpans.Builder b = ScopeSpans.newBuilder();
    at(n, "scope", "scope", s -> b.setScope(scope(s)));
    each(n, "spans", "spans", s -> b.addSpans(span(s)));
    at(n, "schemaUrl", "schema_url", s -> b.setSchemaUrl(string(s)));
    return b.build();
  }

  private static InstrumentationScope scope(JsonNode n) {
    InstrumentationScope.Builder b = InstrumentationScope.newBuilder();
    at(n, "name", "name", s -> b.setName(string(s)));
    at(n, "version", "version", s -> b.setVersion(string(s)));
    each(n, "attributes", "attributes", a -> b.addAttributes(keyValue(a)));
    at(n, "droppedAttributesCount", "dropped_attributes_count", c -> b.setDroppedAttributesCount(uint32(c)));
    return b.build();
  }

  private static Span span(JsonNode n) {
    Span.Builder b = Span.newBuilder();
    at(n, "traceId", "trace_id", s -> b.setTraceId(hex(s)));
    at(n, "spanId", "span_id", s -> b.setSpanId(hex(s)));
    at(n, "traceState", "trace_state", s -> b.setTraceState(string(s)));
    at(n, "parentSpanId", "parent_span_id", s -> b.setParentSpanId(hex(s)));
    at(n, "flags", "flags", s -> b.setFlags(uint32(s)));
    at(n, "name", "name", s -> b.setName(string(s)));
    at(n, "kind", "kind", s -> b.setKindValue(enumValue(s, name -> Span.SpanKind.valueOf(name).getNumber())));
    at(n, "startTimeUnixNano", "start_time_unix_nano", s -> b.setStartTimeUnixNano(uint64(s)));
    at(n, "endTimeUnixNano", "end_time_unix_nano", s -> b.setEndTimeUnixNano(uint64(s)));
    each(n, "attributes", "attributes", a -> b.addAttributes(keyValue(a)));
    at(n, "droppedAttributesCount", "dropped_attributes_count", c -> b.setDroppedAttributesCount(uint32(c)));
    each(n, "events", "events", e -> b.addEvents(event(e)));
    at(n, "droppedEventsCount", "dropped_events_count", c -> b.setDroppedEventsCount(uint32(c)));
    each(n, "links", "links", l -> b.addLinks(link(l)));
    at(n, "droppedLinksCount", "dropped_links_count", c -> b.setDroppedLinksCount(uint32(c)));
    at(n, "status", "status", s -> b.setStatus(status(s)));
    return b.build();
  }

  private static Status status(JsonNode n) {
    Status.Builder b = Status.newBuilder();
    at(n, "message", "message", s -> b.setMessage(string(s)));
    at(n, "code", "code", c -> b.setCodeValue(enumValue(c, name -> Status.StatusCode.valueOf(name).getNumber())));
    return b.build();
  }

  private static Span.Event event(JsonNode n) {
    Span.Event.Builder b = Span.Event.newBuilder();
    at(n, "timeUnixNano", "time_unix_nano", t -> b.setTimeUnixNano(uint64(t)));
    at(n, "name", "name", s -> b.setName(string(s)));
    each(n, "attributes", "attributes", a -> b.addAttributes(keyValue(a)));
    at(n, "droppedAttributesCount", "dropped_attributes_count", c -> b.setDroppedAttributesCount(uint32(c)));
    return b.build();
  }

  private static Span.Link link(JsonNode n) {
    Span.Link.Builder b = Span.Link.newBuilder();
    at(n, "traceId", "trace_id", s -> b.setTraceId(hex(s)));
    at(n, "spanId", "span_id", s -> b.setSpanId(hex(s)));
    at(n, "traceState", "trace_state", s -> b.setTraceState(string(s)));
    each(n, "attributes", "attributes", a -> b.addAttributes(keyValue(a)));
    at(n, "droppedAttributesCount", "dropped_attributes_count", c -> b.setDroppedAttributesCount(uint32(c)));
    at(n, "flags", "flags", s -> b.setFlags(uint32(s)));
    return b.build();
  }

  private static KeyValue keyValue(JsonNode n) {
    KeyValue.Builder b = KeyValue.newBuilder();
    at(n, "key", "key", k -> b.setKey(string(k)));
    at(n, "value", "value", v -> b.setValue(anyValue(v)));
    return b.build();
  }

  /** One of the value fields; an empty object is an unset value. */
  private static AnyValue anyValue(JsonNode n) {
    AnyValue.Builder b = AnyValue.newBuilder();
    object(n);
    at(n, "stringValue", "string_value", v -> b.setStringValue(string(v)));
    at(n, "boolValue", "bool_value", v -> b.setBoolValue(bool(v)));
    at(n, "intValue", "int_value", v -> b.setIntValue(int64(v)));
    at(n, "doubleValue", "double_value", v -> b.setDoubleValue(dbl(v)));
    at(n, "bytesValue", "bytes_value", v -> b.setBytesValue(base64(v)));
    at(n, "arrayValue", "array_value", v -> {
      ArrayValue.Builder a = ArrayValue.newBuilder();
      each(v, "values", "values", e -> a.addValues(anyValue(e)));
      b.setArrayValue(a);
    });
    at(n, "kvlistValue", "kvlist_value", v -> {
      KeyValueList.Builder l = KeyValueList.newBuilder();
      each(v, "values", "values", e -> l.addValues(keyValue(e)));
      b.setKvlistValue(l);
    });
    return b.build();
  }
}
