package io.weft.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.collector.SpanEnricher;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.codec.SpanBytesEncoder;

/** Weft spans back to Zipkin's model: Zipkin's own spans come back as sent; OTLP spans as OTel's exporter sends them. */
class ZipkinEncoderTest {
  static final long TS = ZipkinDecoderTest.TS;

  /** What the collector adds: the format tag, and the sender's address when the span names no host. */
  static List<Span> received(byte[] zipkinJson) {
    List<Span> out = new ArrayList<>();
    for (Span s : ZipkinDecoder.decodeJson(zipkinJson)) {
      out.add(SpanEnricher.enrich(s, SpanEnricher.formatTag("zipkin-json"), "127.0.0.7"));
    }
    return out;
  }

  @Test
  void zipkinSpansComeBackAsSent() {
    Random r = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<zipkin2.Span> sent = new ArrayList<>();
      for (int i = r.nextInt(4); i >= 0; i--) {
        sent.add(losslessSpan(r));
      }
      byte[] body = SpanBytesEncoder.JSON_V2.encodeList(sent);
      assertEquals(SpanBytesDecoder.JSON_V2.decodeList(body), ZipkinEncoder.toZipkin(received(body)), "round " + round);
    }
  }

  @Test
  void sharedServerHalfAndLowercaseNames() {
    String json = """
        [{"traceId":"463ac35c9f6413ad48485a3953bb6124","parentId":"a2fb4a1d1a96d312","id":"b2fb4a1d1a96d312",
          "kind":"CLIENT","name":"Charge","timestamp":1700000000000010,"duration":500,
          "localEndpoint":{"serviceName":"Checkout-API"},"remoteEndpoint":{"serviceName":"Payment"}},
         {"traceId":"463ac35c9f6413ad48485a3953bb6124","parentId":"a2fb4a1d1a96d312","id":"b2fb4a1d1a96d312",
          "kind":"SERVER","shared":true,"name":"Charge","timestamp":1700000000000020,"duration":300,
          "localEndpoint":{"serviceName":"Payment"}}]""";
    List<zipkin2.Span> back = ZipkinEncoder.toZipkin(received(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(SpanBytesDecoder.JSON_V2.decodeList(json.getBytes(StandardCharsets.UTF_8)), back);
    assertEquals("charge", back.get(1).name(), "Zipkin's API speaks Zipkin's lowercase model");
    assertEquals("payment", back.get(0).remoteServiceName());
    assertEquals(Boolean.TRUE, back.get(1).shared());
    // Exact duplicates (a span reported twice) are one span, as in Zipkin's store.
    byte[] twice = ("[" + json.substring(1, json.length() - 1) + "," + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    assertEquals(2, ZipkinEncoder.toZipkin(received(twice)).size());
  }

  /** An OTLP span, as OpenTelemetry's Zipkin exporter would have sent it to Zipkin. */
  @Test
  void otlpSpansAsTheOtelExporterMapsThem() {
    TraceId trace = new TraceId(0x5b8efff798038103L, 0xd269b633813fc60cL);
    Span s = Span.builder().traceId(trace).spanId(0xeee19b7ec3c1b174L).operationName("GET /Checkout")
        .references(List.of(SpanRef.childOf(trace, 0x10)))
        .flags(1).startTimeMicros(TS).durationMicros(0).kind(SpanKind.CLIENT)
        .status(StatusCode.ERROR, "card declined")
        .tags(List.of(Tag.string("otel.scope.name", "shop"), Tag.string("otel.scope.version", "1.2"),
            Tag.bool("retry", true), Tag.int64("http.status_code", 402), Tag.float64("ratio", 2.0),
            Tag.string("peer.service", "Payment"), Tag.string("server.socket.address", "10.9.8.7"),
            Tag.int64("server.socket.port", 8443), Tag.string("internal.span.format", "otlp-grpc")))
        .logs(List.of(new Log(TS + 5, List.of(Tag.string("event", "declined"), Tag.string("reason", "funds"),
                Tag.int64("attempt", 2))),
            new Log(TS + 6, List.of(Tag.string("event", "done")))))
        .process(new Process("Checkout-API", List.of(Tag.string("telemetry.sdk.name", "opentelemetry"),
            Tag.string("ip", "10.0.0.1"))))
        .build();
    zipkin2.Span z = ZipkinEncoder.toZipkin(List.of(s)).get(0);
    assertEquals("5b8efff798038103d269b633813fc60c", z.traceId());
    assertEquals("0000000000000010", z.parentId());
    assertEquals("get /checkout", z.name());
    assertEquals(1, z.duration(), "the exporter's floor of 1 µs");
    assertEquals(zipkin2.Span.Kind.CLIENT, z.kind());
    assertEquals(Endpoint.newBuilder().serviceName("checkout-api").ip("10.0.0.1").build(), z.localEndpoint());
    assertEquals(Endpoint.newBuilder().serviceName("payment").ip("10.9.8.7").port(8443).build(), z.remoteEndpoint());
    Map<String, String> tags = new java.util.TreeMap<>(Map.of("otel.scope.name", "shop", "otel.scope.version", "1.2",
        "otel.library.name", "shop", "otel.library.version", "1.2", "retry", "true", "http.status_code", "402",
        "ratio", "2.0", "peer.service", "Payment", "server.socket.address", "10.9.8.7", "server.socket.port", "8443"));
    tags.put("otel.status_code", "ERROR");
    tags.put("error", "card declined");
    assertEquals(tags, z.tags());
    assertNull(z.tags().get("internal.span.format"));
    assertEquals(List.of("\"declined\":{\"reason\":\"funds\",\"attempt\":2}", "\"done\":{}"),
        z.annotations().stream().map(zipkin2.Annotation::value).toList());
    assertNull(z.shared());
    assertNull(z.debug());
    String json = new String(ZipkinEncoder.encodeTraces(List.of(List.of(z), List.of(z))), StandardCharsets.UTF_8);
    assertTrue(json.startsWith("[[{\"traceId\":\"5b8efff798038103d269b633813fc60c\"") && json.endsWith("}]]"), json);
  }

  /** Spans whose every field survives Jaeger's Zipkin mapping (see docs/zipkin-api.md for those that do not). */
  static zipkin2.Span losslessSpan(Random r) {
    String[] names = {"get", "post /a", "x", ""};
    zipkin2.Span.Builder b = zipkin2.Span.newBuilder()
        .traceId(r.nextBoolean() ? Long.toHexString(r.nextLong() | 1) : ZipkinDecoderTest.TRACE)
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
          .ip(r.nextBoolean() ? "10.1.2.3" : r.nextBoolean() ? "2001:db8::1" : null)
          .port(r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(65535)).build());
    }
    if (r.nextBoolean()) {
      b.remoteEndpoint(Endpoint.newBuilder().serviceName(r.nextBoolean() ? "db" : null)
          .ip(r.nextBoolean() ? "192.168.0.9" : r.nextBoolean() ? "fe80::1" : null).port(r.nextInt(2) * 5432).build());
    }
    for (int i = r.nextInt(4); i > 0; i--) {
      String[] keys = {"http.path", "error", "lc", "k" + i};
      String[] values = {"true", "false", "boom", "/a/b", "ünïcode", ""};
      String key = keys[r.nextInt(keys.length)];
      String value = values[r.nextInt(values.length)];
      b.putTag(key, key.equals("error") && value.isEmpty() ? "true" : value);
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      String[] values = {"ws", "{\"a\":\"b\"}", "{\"n\":1}", "note " + i};
      b.addAnnotation(TS + r.nextInt(100) + 1, values[r.nextInt(values.length)]);
    }
    if (r.nextInt(4) == 0) {
      b.debug(true);
    }
    return b.build();
  }
}
