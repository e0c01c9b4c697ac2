package io.weft.codec;

import static io.weft.codec.ZipkinJsonTokens.bool;
import static io.weft.codec.ZipkinJsonTokens.isText;
import static io.weft.codec.ZipkinJsonTokens.notA;
import static io.weft.codec.ZipkinJsonTokens.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Zipkin's JSON v2 list of spans straight into Weft spans, with the checks and normalisation of
 * zipkin2's {@code Span.Builder} and {@code Endpoint.Builder} redone on Jackson's tokens (see
 * {@link ZipkinFields}, {@link ZipkinIp}): ids of 1 to 16 (trace ids 32) lower-hex digits, not all
 * zeros, shorter ones read as left-padded; a parent of all zeros, or equal to the id, is none; kind
 * one of CLIENT, SERVER, PRODUCER, CONSUMER; a negative timestamp or duration is absent; a port above
 * 65535 is an error, below 1 none. Read as zipkin2's own V2SpanReader reads: a null optional field
 * is skipped, unknown fields ignored, a string field may be a number (its text) and a number field a
 * string holding one, an annotation needs a timestamp and a value, a tag value may not be null.
 * Names keep their case (see {@link ZipkinSpanIn}). Ids are read from the parser's characters and
 * short strings are {@link CharStrings remembered}, so a span costs few allocations besides its own.
 */
final class ZipkinJsonV2Reader {
  private static final JsonFactory JSON = new JsonFactory();

  private final JsonParser p;
  private final ZipkinFields f = new ZipkinFields();
  private final ZipkinJsonTokens tokens;
  private final ZipkinEndpointReader endpoint;

  private ZipkinJsonV2Reader(JsonParser p) {
    this.p = p;
    this.tokens = new ZipkinJsonTokens(p);
    this.endpoint = new ZipkinEndpointReader(tokens);
  }

  /** @throws IOException or IllegalArgumentException on bad input, with the reason */
  static List<Span> read(byte[] body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("expected a JSON array of spans");
      }
      ZipkinJsonV2Reader reader = new ZipkinJsonV2Reader(p);
      List<Span> out = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(reader.span());
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("unexpected content after the list of spans");
      }
      return out;
    }
  }

  private Span span() throws IOException {
    tokens.expect(JsonToken.START_OBJECT, "a span");
    ZipkinFields f = this.f;
    f.clear();
    boolean traceId = false;
    boolean id = false;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        if (field.equals("traceId") || field.equals("id")) {
          throw notA("string", field, t);
        }
        continue;
      }
      switch (field) {
        case "traceId" -> {
          traceId(field, t);
          traceId = true;
        }
        case "id" -> {
          f.id = id(field, t, false);
          id = true;
        }
        case "parentId" -> f.parentId = id(field, t, true);
        case "kind" -> f.kind = kind(t);
        case "name" -> f.name = tokens.string(field, t);
        case "timestamp" -> f.timestamp = Math.max(0, tokens.number(field, t));
        case "duration" -> f.duration = Math.max(0, tokens.number(field, t));
        case "localEndpoint" -> {
          ZipkinEndpointReader e = endpoint.read();
          f.localService = e.service;
          f.localIp = e.ipv4 != null ? e.ipv4 : e.ipv6;
          f.localPort = e.port;
        }
        case "remoteEndpoint" -> {
          ZipkinEndpointReader e = endpoint.read();
          f.remoteService = e.service;
          f.remoteIpv4 = e.ipv4Bytes;
          f.remoteIpv6 = e.ipv6Bytes;
          f.remotePort = e.port;
        }
        case "annotations" -> annotations(t);
        case "tags" -> tags(t);
        case "debug" -> f.debug |= bool(field, t);
        case "shared" -> bool(field, t); // checked; Weft has no use for it
        default -> p.skipChildren();
      }
    }
    tokens.expect(JsonToken.END_OBJECT, "the end of a span");
    if (!traceId || !id) {
      throw new IllegalArgumentException("Missing :" + (traceId ? "" : " traceId") + (id ? "" : " id"));
    }
    if (f.parentId == f.id) {
      f.parentId = 0; // zipkin2 undoes a span that is its own parent
    }
    f.sortTags();
    f.sortAnnotations();
    return ZipkinDecoder.span(f);
  }

  /** 1 to 32 lower-hex digits, not all zeros; up to 16 are the low half. */
  private void traceId(String field, JsonToken t) throws IOException {
    text(field, t);
    char[] c = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    if (len == 0) {
      throw new IllegalArgumentException("traceId is empty");
    }
    if (len > 32) {
      throw new IllegalArgumentException("traceId.length > 32");
    }
    int split = Math.max(off, off + len - 16);
    f.traceHigh = split == off ? 0 : hex(c, off, split);
    f.traceLow = hex(c, split, off + len);
    if (f.traceHigh == 0 && f.traceLow == 0) {
      throw new IllegalArgumentException("traceId is all zeros");
    }
  }

  /**
   * 1 to 16 lower-hex digits; all zeros is no parent. A span id of 16 zeros is refused, a shorter one
   * ("0") is not: zipkin2 counts the zeros before padding, and Zipkin's server takes such spans.
   */
  private long id(String field, JsonToken t, boolean parent) throws IOException {
    text(field, t);
    int len = p.getTextLength();
    if (len == 0) {
      throw new IllegalArgumentException(field + " is empty");
    }
    if (len > 16) {
      throw new IllegalArgumentException(field + ".length > 16");
    }
    int off = p.getTextOffset();
    long v = hex(p.getTextCharacters(), off, off + len);
    if (v == 0 && !parent && len == 16) {
      throw new IllegalArgumentException(field + " is all zeros");
    }
    return v;
  }

  private long hex(char[] c, int from, int to) throws IOException {
    long v = 0;
    for (int i = from; i < to; i++) {
      char ch = c[i];
      int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
      if (d < 0) {
        throw new IllegalArgumentException(new String(c, p.getTextOffset(), p.getTextLength())
            + " should be lower-hex encoded with no prefix");
      }
      v = v << 4 | d;
    }
    return v;
  }

  private SpanKind kind(JsonToken t) throws IOException {
    String k = tokens.string("kind", t);
    if (k != null) {
      switch (k) {
        case "CLIENT" -> {
          return SpanKind.CLIENT;
        }
        case "SERVER" -> {
          return SpanKind.SERVER;
        }
        case "PRODUCER" -> {
          return SpanKind.PRODUCER;
        }
        case "CONSUMER" -> {
          return SpanKind.CONSUMER;
        }
        default -> { }
      }
    }
    throw new IllegalArgumentException("unknown kind \"" + k + "\": expected CLIENT, SERVER, PRODUCER or CONSUMER");
  }

  private void annotations(JsonToken t) throws IOException {
    tokens.expect(JsonToken.START_ARRAY, "annotations");
    while (p.nextToken() != JsonToken.END_ARRAY) {
      tokens.expect(JsonToken.START_OBJECT, "an annotation");
      long timestamp = 0;
      boolean hasTimestamp = false;
      String value = null;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        if (field.equals("timestamp")) {
          timestamp = tokens.number(field, v);
          hasTimestamp = true;
        } else if (field.equals("value")) {
          tokens.string(field, v);
          value = tokens.lastString;
        } else {
          p.skipChildren();
        }
      }
      if (!hasTimestamp || value == null) {
        throw new IllegalArgumentException("Incomplete annotation at " + p.currentLocation().offsetDescription());
      }
      f.addAnnotation(timestamp, value);
    }
  }

  private void tags(JsonToken t) throws IOException {
    tokens.expect(JsonToken.START_OBJECT, "tags");
    String key;
    while ((key = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        throw new IllegalArgumentException("No value at tags." + key);
      }
      if (!isText(v)) {
        throw notA("string", "tags." + key, v);
      }
      f.addTag(key, tokens.remembered());
    }
  }
}
