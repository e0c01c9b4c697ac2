package io.weft.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.codec.SpanBytesEncoder;

/** Zipkin JSON v2 and proto3 decoding: names keep their case, everything else as zipkin2 reads it. */
class ZipkinDecoderTest {
  static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
  static final long TS = 1_700_000_000_000_000L;

  static final String MIXED_CASE_JSON = """
      [{"traceId":"463ac35c9f6413ad48485a3953bb6124","id":"a2fb4a1d1a96d312","name":"GET /checkout",
        "kind":"SERVER","timestamp":1700000000000000,"duration":2000,
        "localEndpoint":{"serviceName":"Checkout-API","ipv4":"10.0.0.1","port":8080},
        "remoteEndpoint":{"serviceName":"Edge-Proxy","ipv6":"2001:db8::c001","port":443},
        "tags":{"http.method":"GET","error":"card declined","lc":"servlet"},
        "annotations":[{"timestamp":1700000000000005,"value":"Wire Send"},{"timestamp":1700000000000001,"value":"sr"}]}]
      """;

  @Test
  void jsonKeepsTheCaseOfNames() {
    Span s = ZipkinDecoder.decodeJson(MIXED_CASE_JSON.getBytes(StandardCharsets.UTF_8)).get(0);
    assertEquals("GET /checkout", s.operationName());
    assertEquals("Checkout-API", s.serviceName());
    assertEquals("Edge-Proxy", tag(s, "peer.service").value());
    assertEquals(SpanKind.SERVER, s.kind());
    assertEquals(new TraceId(0x463ac35c9f6413adL, 0x48485a3953bb6124L), s.traceId());
    // Everything else as before: Jaeger's sanitizers, peer and local endpoint tags.
    assertEquals(Tag.bool("error", true), tag(s, "error"));
    assertEquals(Tag.string("error.message", "card declined"), tag(s, "error.message"));
    assertEquals(Tag.string("component", "servlet"), tag(s, "component"));
    assertEquals(Tag.string("net.host.ip", "10.0.0.1"), tag(s, "net.host.ip"));
    assertEquals(Tag.int64("net.host.port", 8080), tag(s, "net.host.port"));
    assertEquals(Tag.int64("peer.port", 443), tag(s, "peer.port"));
    assertEquals(16, ((byte[]) tag(s, "peer.ipv6").value()).length);
    assertEquals(List.of(Tag.string("ip", "10.0.0.1")), s.process().tags());
    assertEquals(List.of(new Log(TS + 5, List.of(Tag.string("event", "Wire Send")))), s.logs(), "sr dropped");
  }

  @Test
  void proto3KeepsTheCaseOfNames() throws IOException {
    byte[] body = proto3(span -> {
      span.writeByteArray(1, hexBytes(TRACE));
      span.writeByteArray(3, hexBytes("a2fb4a1d1a96d312"));
      span.writeEnum(4, 2); // SERVER
      span.writeString(5, "GET /Checkout");
      span.writeFixed64(6, TS);
      span.writeUInt64(7, 2000);
      span.writeByteArray(8, endpoint("Checkout-API", new byte[] {10, 0, 0, 1}, 8080));
      span.writeByteArray(9, endpoint("Payment-DB", null, 0));
      span.writeByteArray(11, entry("http.method", "GET"));
      span.writeBool(12, true);
    });
    Span s = ZipkinDecoder.decodeProto3(body).get(0);
    assertEquals("GET /Checkout", s.operationName());
    assertEquals("Checkout-API", s.serviceName());
    assertEquals("Payment-DB", tag(s, "peer.service").value());
    assertEquals(3, s.flags(), "sampled and debug");
    assertEquals(Tag.string("http.method", "GET"), tag(s, "http.method"));
    assertEquals(Tag.int64("net.host.port", 8080), tag(s, "net.host.port"));
  }

  /** Apart from the names' case, each format decodes exactly as through zipkin2's own decoder. */
  @Test
  void sameAsZipkin2sDecoderButForCase() {
    Random r = new Random(13);
    for (int round = 0; round < 200; round++) {
      List<zipkin2.Span> spans = new ArrayList<>();
      for (int i = r.nextInt(5); i >= 0; i--) {
        spans.add(randomSpan(r));
      }
      for (SpanBytesEncoder encoder : List.of(SpanBytesEncoder.JSON_V2, SpanBytesEncoder.PROTO3)) {
        byte[] body = encoder.encodeList(spans);
        SpanBytesDecoder theirs = encoder == SpanBytesEncoder.JSON_V2 ? SpanBytesDecoder.JSON_V2 : SpanBytesDecoder.PROTO3;
        List<Span> expected = ZipkinDecoder.fromZipkin(theirs.decodeList(body));
        List<Span> actual = encoder == SpanBytesEncoder.JSON_V2
            ? ZipkinDecoder.decodeJson(body) : ZipkinDecoder.decodeProto3(body);
        assertEquals(expected, actual, encoder + " round " + round);
      }
    }
  }

  @Test
  void badInputIsACodecExceptionWithZipkinsReason() {
    assertBad("ABC should be lower-hex", "[{\"traceId\":\"ABC\",\"id\":\"1\"}]");
    assertBad("Missing : id", "[{\"traceId\":\"abc\"}]");
    assertBad("id is all zeros", "[{\"traceId\":\"abc\",\"id\":\"0000000000000000\"}]");
    assertBad("Incomplete annotation", "[{\"traceId\":\"a\",\"id\":\"1\",\"annotations\":[{\"value\":\"x\"}]}]");
    assertBad("No value at tags.k", "[{\"traceId\":\"a\",\"id\":\"1\",\"tags\":{\"k\":null}}]");
    assertBad("unknown kind \"sideways\"", "[{\"traceId\":\"a\",\"id\":\"1\",\"kind\":\"sideways\"}]");
    assertBad("expected a JSON array", "{\"traceId\":\"a\"}");
    assertBad("Unexpected end-of-input", "[{\"traceId\":");
    assertThrows(CodecException.class, () -> ZipkinDecoder.decodeProto3(new byte[] {10, 50, 1, 2}));
    // Optional fields may be null, unknown ones are ignored, an empty list is no spans.
    assertEquals(1, ZipkinDecoder.decodeJson(("[{\"traceId\":\"a\",\"id\":\"1\",\"name\":null,\"parentId\":null,"
        + "\"localEndpoint\":{\"serviceName\":null},\"x\":{\"y\":[1]}}]").getBytes(StandardCharsets.UTF_8)).size());
    assertEquals(0, ZipkinDecoder.decodeJson("[]".getBytes(StandardCharsets.UTF_8)).size());
    assertEquals(0, ZipkinDecoder.decodeProto3(new byte[0]).size());
  }

  private static void assertBad(String reason, String json) {
    CodecException e = assertThrows(CodecException.class,
        () -> ZipkinDecoder.decodeJson(json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  static Tag tag(Span s, String key) {
    return s.tags().stream().filter(t -> t.key().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no tag " + key + " in " + s.tags()));
  }

  static zipkin2.Span randomSpan(Random r) {
    String[] names = {"get", "post /a", "x", ""};
    zipkin2.Span.Builder b = zipkin2.Span.newBuilder()
        .traceId(r.nextBoolean() ? Long.toHexString(r.nextLong() | 1) : TRACE)
        .id(Long.toHexString(r.nextLong() | 1))
        .name(names[r.nextInt(names.length)])
        .timestamp(r.nextBoolean() ? TS + r.nextInt(1000) : 0)
        .duration(r.nextInt(3) == 0 ? 0 : r.nextInt(100_000));
    if (r.nextBoolean()) {
      b.parentId(Long.toHexString(r.nextLong() | 1));
    }
    int kind = r.nextInt(5);
    if (kind > 0) {
      b.kind(zipkin2.Span.Kind.values()[kind - 1]);
    }
    if (r.nextBoolean()) {
      b.localEndpoint(Endpoint.newBuilder().serviceName(r.nextBoolean() ? "svc" : null)
          .ip(r.nextBoolean() ? "10.1.2.3" : "2001:db8::1").port(r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(65535)).build());
    }
    if (r.nextBoolean()) {
      b.remoteEndpoint(Endpoint.newBuilder().serviceName(r.nextBoolean() ? "db" : null)
          .ip(r.nextBoolean() ? "192.168.0.9" : null).port(r.nextInt(2) * 5432).build());
    }
    for (int i = r.nextInt(4); i > 0; i--) {
      String[] keys = {"http.path", "error", "lc", "jaeger.version", "k" + i};
      String[] values = {"", "true", "false", "boom", "/a/b", "ünïcode"};
      b.putTag(keys[r.nextInt(keys.length)], values[r.nextInt(values.length)]);
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      String[] values = {"cs", "ws", "{\"a\":\"b\"}", "{\"n\":1}", "note " + i};
      b.addAnnotation(TS + r.nextInt(100) + 1, values[r.nextInt(values.length)]);
    }
    if (r.nextInt(4) == 0) {
      b.debug(true);
    }
    if (r.nextInt(4) == 0) {
      b.shared(true);
    }
    return b.build();
  }

  // ------------------------------------------------------------ hand-written proto3 (mixed-case names)

  interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] message(Fields f) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    f.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] proto3(Fields span) throws IOException {
    byte[] s = message(span);
    return message(out -> out.writeByteArray(1, s));
  }

  static byte[] endpoint(String service, byte[] ipv4, int port) throws IOException {
    return message(out -> {
      out.writeString(1, service);
      if (ipv4 != null) {
        out.writeByteArray(2, ipv4);
      }
      if (port != 0) {
        out.writeInt32(4, port);
      }
    });
  }

  static byte[] entry(String key, String value) throws IOException {
    return message(out -> {
      out.writeString(1, key);
      out.writeString(2, value);
    });
  }

  static byte[] hexBytes(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
