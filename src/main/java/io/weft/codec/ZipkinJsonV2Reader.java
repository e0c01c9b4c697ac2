package io.weft.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import zipkin2.Endpoint;

/**
 * Zipkin's JSON v2 list of spans, read field by field as zipkin2's own V2SpanReader does (null
 * optional fields skipped, unknown fields ignored, an annotation needs timestamp and value, a tag
 * value may not be null), through zipkin2's builder for the same validation, but keeping the
 * names' case (see {@link ZipkinSpanIn}).
 */
final class ZipkinJsonV2Reader {
  private static final JsonFactory JSON = new JsonFactory();

  private ZipkinJsonV2Reader() {}

  /** @throws IOException or IllegalArgumentException / IllegalStateException on bad input */
  static List<ZipkinSpanIn> read(byte[] body) throws IOException {
    List<ZipkinSpanIn> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("expected a JSON array of spans");
      }
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(span(p));
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("unexpected content after the list of spans");
      }
    }
    return out;
  }

  private static ZipkinSpanIn span(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "a span");
    zipkin2.Span.Builder b = zipkin2.Span.newBuilder();
    String name = null;
    String local = null;
    String remote = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("traceId")) {
        b.traceId(string(p, field));
        continue;
      } else if (field.equals("id")) {
        b.id(string(p, field));
        continue;
      } else if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "parentId" -> b.parentId(string(p, field));
        case "kind" -> b.kind(zipkin2.Span.Kind.valueOf(string(p, field)));
        case "name" -> {
          name = ZipkinSpanIn.blankToNull(string(p, field));
          b.name(name);
        }
        case "timestamp" -> b.timestamp(number(p, field));
        case "duration" -> b.duration(number(p, field));
        case "localEndpoint" -> {
          String[] service = new String[1];
          b.localEndpoint(endpoint(p, service));
          local = service[0];
        }
        case "remoteEndpoint" -> {
          String[] service = new String[1];
          b.remoteEndpoint(endpoint(p, service));
          remote = service[0];
        }
        case "annotations" -> annotations(p, b);
        case "tags" -> tags(p, b);
        case "debug" -> {
          if (bool(p, field)) {
            b.debug(true);
          }
        }
        case "shared" -> {
          if (bool(p, field)) {
            b.shared(true);
          }
        }
        default -> p.skipChildren();
      }
    }
    expect(p, JsonToken.END_OBJECT, "the end of a span");
    return new ZipkinSpanIn(b.build(), name, local, remote);
  }

  /** An endpoint, or null when it has no field (zipkin2 drops empty endpoints too); its service name as sent goes to {@code service[0]}. */
  private static Endpoint endpoint(JsonParser p, String[] service) throws IOException {
    expect(p, JsonToken.START_OBJECT, "an endpoint");
    Endpoint.Builder e = Endpoint.newBuilder();
    boolean any = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      if (p.nextToken() == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "serviceName" -> {
          service[0] = ZipkinSpanIn.blankToNull(string(p, field));
          e.serviceName(service[0]);
          any = true;
        }
        case "ipv4", "ipv6" -> {
          e.parseIp(string(p, field));
          any = true;
        }
        case "port" -> {
          e.port((int) number(p, field));
          any = true;
        }
        default -> p.skipChildren();
      }
    }
    return any ? e.build() : null;
  }

  private static void annotations(JsonParser p, zipkin2.Span.Builder b) throws IOException {
    expect(p, JsonToken.START_ARRAY, "annotations");
    while (p.nextToken() != JsonToken.END_ARRAY) {
      expect(p, JsonToken.START_OBJECT, "an annotation");
      Long timestamp = null;
      String value = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("timestamp")) {
          timestamp = number(p, field);
        } else if (field.equals("value")) {
          value = string(p, field);
        } else {
          p.skipChildren();
        }
      }
      if (timestamp == null || value == null) {
        throw new IllegalArgumentException("Incomplete annotation at " + p.currentLocation().offsetDescription());
      }
      b.addAnnotation(timestamp, value);
    }
  }

  private static void tags(JsonParser p, zipkin2.Span.Builder b) throws IOException {
    expect(p, JsonToken.START_OBJECT, "tags");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (p.nextToken() == JsonToken.VALUE_NULL) {
        throw new IllegalArgumentException("No value at tags." + key);
      }
      b.putTag(key, string(p, "tags." + key));
    }
  }

  /** A string; like zipkin2's reader, a number is taken as its text. */
  private static String string(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getText();
    }
    throw new IllegalArgumentException("Expected a string at " + field + " but was " + t);
  }

  /** A whole number; like zipkin2's reader, a string holding one is accepted. */
  private static long number(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    try {
      if (t == JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue();
      }
      if (t == JsonToken.VALUE_STRING) {
        return Long.parseLong(p.getText());
      }
    } catch (NumberFormatException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
      throw new IllegalArgumentException("Expected a long at " + field + " but was " + p.getText());
    }
    throw new IllegalArgumentException("Expected a long at " + field + " but was " + t);
  }

  private static boolean bool(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    throw new IllegalArgumentException("Expected a boolean at " + field + " but was " + t);
  }

  private static void expect(JsonParser p, JsonToken want, String what) {
    if (p.currentToken() != want) {
      throw new IllegalArgumentException("Expected " + what + " but was " + p.currentToken());
    }
  }
}
