package io.weft.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
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
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The OTLP/HTTP JSON encoding into the protobuf message. It follows the OTLP spec rather than the
 * generic protobuf JSON mapping (which {@code JsonFormat} implements): ids are hex, not base64.
 * Field names may be lowerCamelCase or the proto's snake_case; enums integers or names; 64-bit
 * integers strings or numbers. Unknown fields are ignored, as the spec requires.
 */
final class OtlpJsonParser {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

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

  // ---- navigation: a Bad thrown below collects the path on its way up.

  /** Runs {@code f} on field {@code camel} (or {@code snake}) of object {@code n} if present and not null. */
  private static void at(JsonNode n, String camel, String snake, Consumer<JsonNode> f) {
    String name = camel;
    JsonNode v = object(n).get(camel);
    if (v == null && !snake.equals(camel)) {
      name = snake;
      v = n.get(snake);
    }
    if (v == null || v.isNull()) {
      return;
    }
    try {
      f.accept(v);
    } catch (Bad b) {
      b.path.addFirst("." + name);
      throw b;
    }
  }

  /** Runs {@code f} on each element of array field {@code camel} (or {@code snake}). */
  private static void each(JsonNode n, String camel, String snake, Consumer<JsonNode> f) {
    at(n, camel, snake, arr -> {
      if (!arr.isArray()) {
        throw new Bad("expected an array, got " + arr.getNodeType());
      }
      for (int i = 0; i < arr.size(); i++) {
        try {
          f.accept(arr.get(i));
        } catch (Bad b) {
          b.path.addFirst("[" + i + "]");
          throw b;
        }
      }
    });
  }

  private static JsonNode object(JsonNode n) {
    if (!n.isObject()) {
      throw new Bad("expected an object, got " + n.getNodeType());
    }
    return n;
  }

  // ---- scalars

  private static String string(JsonNode n) {
    if (!n.isTextual()) {
      throw new Bad("expected a string, got " + n.getNodeType());
    }
    return n.textValue();
  }

  private static boolean bool(JsonNode n) {
    if (!n.isBoolean()) {
      throw new Bad("expected true or false, got " + n.getNodeType());
    }
    return n.booleanValue();
  }

  /** An integer as a JSON number or a decimal string (how OTLP writes 64-bit values). */
  private static BigInteger integer(JsonNode n) {
    try {
      if (n.isIntegralNumber()) {
        return n.bigIntegerValue();
      }
      if (n.isNumber()) {
        return n.decimalValue().toBigIntegerExact(); // 1e3 or 5.0, but not 1.5
      }
      if (n.isTextual()) {
        return new BigInteger(n.textValue().trim());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // fall through to the message below
    }
    throw new Bad("expected an integer, got " + show(n));
  }

  private static long int64(JsonNode n) {
    BigInteger v = integer(n);
    if (v.bitLength() > 63) {
      throw new Bad("integer out of int64 range: " + v);
    }
    return v.longValue();
  }

  private static long uint64(JsonNode n) {
    BigInteger v = integer(n);
    if (v.signum() < 0 || v.compareTo(MAX_UINT64) > 0) {
      throw new Bad("integer out of uint64 range: " + v);
    }
    return v.longValue();
  }

  private static int uint32(JsonNode n) {
    BigInteger v = integer(n);
    if (v.signum() < 0 || v.bitLength() > 32) {
      throw new Bad("integer out of uint32 range: " + v);
    }
    return v.intValue();
  }

  /** A double as a JSON number or a string, including "NaN", "Infinity" and "-Infinity". */
  private static double dbl(JsonNode n) {
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      String s = n.textValue().trim();
      switch (s) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(s);
          } catch (NumberFormatException e) {
            // fall through
          }
      }
    }
    throw new Bad("expected a number, got " + show(n));
  }

  private static int enumValue(JsonNode n, ToIntFunction<String> byName) {
    if (n.isTextual() && !n.textValue().isEmpty() && !Character.isDigit(n.textValue().charAt(0))) {
      try {
        return byName.applyAsInt(n.textValue());
      } catch (IllegalArgumentException e) {
        throw new Bad("unknown enum value " + show(n));
      }
    }
    BigInteger v = integer(n);
    if (v.bitLength() > 31) {
      throw new Bad("enum value out of range: " + v);
    }
    return v.intValue();
  }

  /** OTLP JSON ids are hex (case-insensitive); a wrong length is left for the span validator. */
  private static ByteString hex(JsonNode n) {
    String s = string(n);
    if (s.length() % 2 != 0) {
      throw new Bad("expected an even number of hex digits, got \"" + cut(s) + "\"");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new Bad("expected a hex id, got \"" + cut(s) + "\"");
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return ByteString.copyFrom(out);
  }

  /** Protobuf JSON bytes: standard or URL-safe base64, padding optional. */
  private static ByteString base64(JsonNode n) {
    String s = string(n);
    try {
      boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
      return ByteString.copyFrom((urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s));
    } catch (IllegalArgumentException e) {
      throw new Bad("expected base64, got \"" + cut(s) + "\"");
    }
  }

  private static String cut(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  /** A value for an error message, cut short: the payload is untrusted and may be huge. */
  private static String show(JsonNode n) {
    return n.isContainerNode() ? n.getNodeType().toString() : cut(n.toString());
  }

  /** A structural error; its path is filled in while it propagates, so the happy path pays nothing. */
  private static final class Bad extends RuntimeException {
    final Deque<String> path = new ArrayDeque<>();

    Bad(String message) {
      super(message, null, false, false);
    }

    String path() {
      return "$" + String.join("", path);
    }
  }
}
