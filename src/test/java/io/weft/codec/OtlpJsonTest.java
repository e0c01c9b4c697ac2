package io.weft.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.SpanCapture;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
  /** The shape of the OTLP spec's example (examples/trace.json): hex ids, 64-bit values as strings. */
  static final String SPEC_EXAMPLE = """
      {
        "resourceSpans": [
          {
            "resource": {
              "attributes": [
                { "key": "service.name", "value": { "stringValue": "my.service" } },
                { "key": "host.cores", "value": { "intValue": "8" } }
              ]
            },
            "scopeSpans": [
              {
                "scope": {
                  "name": "my.library",
                  "version": "1.0.0",
                  "attributes": [ { "key": "my.scope.attribute", "value": { "stringValue": "some scope attribute" } } ]
                },
                "spans": [
                  {
                    "traceId": "5B8EFFF798038103D269B633813FC60C",
                    "spanId": "EEE19B7EC3C1B174",
                    "parentSpanId": "EEE19B7EC3C1B173",
                    "name": "I'm a server span",
                    "startTimeUnixNano": "1544712660000000000",
                    "endTimeUnixNano": "1544712661000000000",
                    "kind": 2,
                    "flags": 1,
                    "attributes": [
                      { "key": "my.span.attr", "value": { "stringValue": "some value" } },
                      { "key": "count", "value": { "intValue": "-12" } },
                      { "key": "pi", "value": { "doubleValue": 3.5 } },
                      { "key": "ok", "value": { "boolValue": true } },
                      { "key": "raw", "value": { "bytesValue": "AQID" } },
                      { "key": "list", "value": { "arrayValue": { "values": [ { "stringValue": "x" }, { "intValue": 1 } ] } } },
                      { "key": "obj", "value": { "kvlistValue": { "values": [ { "key": "k", "value": { "boolValue": false } } ] } } }
                    ],
                    "events": [
                      { "timeUnixNano": "1544712660500000000", "name": "cache miss",
                        "attributes": [ { "key": "key", "value": { "stringValue": "user:1" } } ] }
                    ],
                    "links": [ { "traceId": "0000000000000001000000000000000A", "spanId": "00000000000000FF" } ],
                    "status": { "code": 2, "message": "it failed" }
                  }
                ]
              }
            ]
          }
        ]
      }
      """;

  static List<Span> decode(String json) {
    return OtlpDecoder.decodeJson(json.getBytes(UTF_8));
  }

  static CodecException bad(String json) {
    return assertThrows(CodecException.class, () -> decode(json));
  }

  @Test
  void specExample() {
    List<Span> spans = decode(SPEC_EXAMPLE);
    assertEquals(1, spans.size());
    Span s = spans.get(0);
    TraceId trace = new TraceId(0x5b8efff798038103L, 0xd269b633813fc60cL);
    assertEquals(trace, s.traceId());
    assertEquals(0xeee19b7ec3c1b174L, s.spanId());
    assertEquals("I'm a server span", s.operationName());
    assertEquals(List.of(SpanRef.childOf(trace, 0xeee19b7ec3c1b173L),
        new SpanRef(RefType.FOLLOWS_FROM, new TraceId(1, 10), 0xff)), s.references());
    assertEquals(1_544_712_660_000_000L, s.startTimeMicros());
    assertEquals(1_000_000L, s.durationMicros());
    assertEquals(1, s.flags());
    assertEquals(SpanKind.SERVER, s.kind());
    assertEquals(StatusCode.ERROR, s.statusCode());
    assertEquals("it failed", s.statusMessage());
    assertEquals(List.of(
        Tag.string("otel.scope.name", "my.library"),
        Tag.string("otel.scope.version", "1.0.0"),
        Tag.string("my.span.attr", "some value"),
        Tag.int64("count", -12),
        Tag.float64("pi", 3.5),
        Tag.bool("ok", true),
        Tag.binary("raw", new byte[] {1, 2, 3}),
        Tag.array("list", List.of(Tag.string("", "x"), Tag.int64("", 1))),
        Tag.map("obj", List.of(Tag.bool("k", false)))), s.tags());
    assertEquals("[\"x\",1]", s.tags().get(7).valueAsString());
    assertEquals("{\"k\":false}", s.tags().get(8).valueAsString());
    assertEquals(List.of(new Log(1_544_712_660_500_000L,
        List.of(Tag.string("event", "cache miss"), Tag.string("key", "user:1")))), s.logs());
    assertEquals(new Process("my.service", List.of(Tag.int64("host.cores", 8))), s.process());
  }

  @Test
  void snakeCaseEnumNamesNumbersAndUnknownFields() {
    String json = """
        {"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"s"}}]},
          "scope_spans":[{"spans":[{
            "trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174",
            "parent_span_id":"","trace_state":"a=b","kind":"SPAN_KIND_CLIENT",
            "start_time_unix_nano":1544712660000000000,"end_time_unix_nano":"1544712660000002000",
            "attributes":[{"key":"n","value":{"int_value":7}},{"key":"d","value":{"double_value":"NaN"}},
                          {"key":"big","value":{"intValue":"9223372036854775807"}}],
            "dropped_attributes_count":2,
            "status":{"code":"STATUS_CODE_OK"},
            "someFutureField":{"nested":[1,2,3]}}]}]}]}
        """;
    Span s = decode(json).get(0);
    assertEquals(SpanKind.CLIENT, s.kind());
    assertEquals(StatusCode.OK, s.statusCode());
    assertEquals(2, s.durationMicros());
    assertEquals(List.of(), s.references());
    assertEquals(List.of(Tag.int64("n", 7), Tag.float64("d", Double.NaN), Tag.int64("big", Long.MAX_VALUE),
        Tag.string("w3c.tracestate", "a=b"), Tag.int64("otel.dropped_attributes_count", 2)), s.tags());
    assertEquals("s", s.serviceName());
  }

  @Test
  void emptyAndNullParts() {
    assertEquals(List.of(), decode("{}"));
    assertEquals(List.of(), decode("{\"resourceSpans\":[]}"));
    assertEquals(List.of(), decode("{\"resourceSpans\":null}"));
    assertEquals(List.of(), decode("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[]}]}]}"));
  }

  @Test
  void malformedJsonSaysWhere() {
    CodecException e = bad("{\"resourceSpans\": [ {\"resource\": } ]}");
    assertTrue(e.getMessage().startsWith("malformed OTLP JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("line 1, column"), e.getMessage());
    assertTrue(bad("").getMessage().contains("empty body"));
    assertTrue(bad("{} {}").getMessage().startsWith("malformed OTLP JSON"));
  }

  @Test
  void wrongStructureSaysWhatAndWhere() {
    assertEquals("invalid OTLP JSON at $: expected an object, got ARRAY", bad("[]").getMessage());
    assertEquals("invalid OTLP JSON at $.resourceSpans: expected an array, got OBJECT",
        bad("{\"resourceSpans\":{}}").getMessage());
    String badId = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"abc\"},{\"traceId\":\"zz\"}]}]}]}";
    assertEquals("invalid OTLP JSON at $.resourceSpans[0].scopeSpans[0].spans[0].traceId: "
        + "expected an even number of hex digits, got \"abc\"", bad(badId).getMessage());
    String badId2 = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{},{\"spanId\":\"zz\"}]}]}]}";
    assertEquals("invalid OTLP JSON at $.resourceSpans[0].scopeSpans[0].spans[1].spanId: "
        + "expected a hex id, got \"zz\"", bad(badId2).getMessage());
    String badTime = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}";
    assertTrue(bad(badTime).getMessage().endsWith("spans[0].startTimeUnixNano: expected an integer, got \"soon\""));
    String negTime = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"endTimeUnixNano\":-1}]}]}]}";
    assertTrue(bad(negTime).getMessage().contains("out of uint64 range"));
    String badAttr = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":{\"intValue\":1.5}}]}}]}";
    assertEquals("invalid OTLP JSON at $.resourceSpans[0].resource.attributes[0].value.intValue: "
        + "expected an integer, got 1.5", bad(badAttr).getMessage());
    String badKind = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_WHATEVER\"}]}]}]}";
    assertTrue(bad(badKind).getMessage().contains("spans[0].kind: unknown enum value"));
    String badName = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":5}]}]}]}";
    assertTrue(bad(badName).getMessage().endsWith("spans[0].name: expected a string, got NUMBER"));
    String badBytes = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":{\"bytesValue\":\"***\"}}]}}]}";
    assertTrue(bad(badBytes).getMessage().contains("bytesValue: expected base64"));
  }

  @Test
  void badIdLengthsAreLeftToTheValidator() {
    Span s = decode("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102\",\"spanId\":\"\"}]}]}]}").get(0);
    assertTrue(s.traceId().isZero());
    assertEquals(0, s.spanId());
  }

  /** The OTel Java SDK's own OTLP marshaler, in both encodings, must decode to the same spans. */
  @Test
  void sdkProtobufAndJsonAgree() throws Exception {
    SpanCapture exporter = new SpanCapture();
    List<SpanData> exported = exporter.spans;
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(io.opentelemetry.sdk.resources.Resource.create(
            Attributes.of(AttributeKey.stringKey("service.name"), "sdk-svc")))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    Tracer tracer = provider.get("weft.test", "0.9");
    SpanContext linked = SpanContext.create("0000000000000001000000000000000a", "00000000000000ff",
        TraceFlags.getSampled(), TraceState.getDefault());
    io.opentelemetry.api.trace.Span parent = tracer.spanBuilder("parent")
        .setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER).startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      io.opentelemetry.api.trace.Span child = tracer.spanBuilder("child")
          .setSpanKind(io.opentelemetry.api.trace.SpanKind.CLIENT)
          .setAttribute("http.status_code", 503L)
          .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
          .setAttribute(AttributeKey.doubleKey("weight"), 0.5)
          .addLink(linked)
          .startSpan();
      child.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L), 1_700_000_000_123_456L,
          TimeUnit.MICROSECONDS);
      child.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "unavailable");
      child.end();
    }
    parent.end();
    provider.shutdown().join(5, TimeUnit.SECONDS);
    assertEquals(2, exported.size());

    TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(exported);
    ByteArrayOutputStream proto = new ByteArrayOutputStream();
    marshaler.writeBinaryTo(proto);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    marshaler.writeJsonTo(json);

    List<Span> fromProto = OtlpDecoder.decodeProto(proto.toByteArray());
    List<Span> fromJson = OtlpDecoder.decodeJson(json.toByteArray());
    assertEquals(fromProto, fromJson);

    SpanData childData = exported.get(0);
    Span child = fromJson.stream().filter(s -> s.operationName().equals("child")).findFirst().orElseThrow();
    Span parentSpan = fromJson.stream().filter(s -> s.operationName().equals("parent")).findFirst().orElseThrow();
    assertEquals(childData.getTraceId(), child.traceId().toHex());
    assertEquals(childData.getSpanId(), io.weft.model.Ids.spanIdHex(child.spanId()));
    assertEquals(parentSpan.spanId(), child.parentSpanId());
    assertEquals(new SpanRef(RefType.FOLLOWS_FROM, new TraceId(1, 10), 0xff), child.references().get(1));
    assertEquals(SpanKind.CLIENT, child.kind());
    assertEquals(SpanKind.SERVER, parentSpan.kind());
    assertEquals(StatusCode.ERROR, child.statusCode());
    assertEquals("unavailable", child.statusMessage());
    assertEquals(1, child.flags());
    assertEquals("sdk-svc", child.serviceName());
    assertTrue(child.tags().contains(Tag.string("otel.scope.name", "weft.test")));
    assertTrue(child.tags().contains(Tag.int64("http.status_code", 503)));
    assertTrue(child.tags().contains(Tag.array("tags", List.of(Tag.string("", "a"), Tag.string("", "b")))));
    assertTrue(child.tags().contains(Tag.float64("weight", 0.5)));
    assertEquals(new Log(1_700_000_000_123_456L, List.of(Tag.string("event", "retry"), Tag.int64("attempt", 2))),
        child.logs().get(0));
    assertEquals(TimeUnit.NANOSECONDS.toMicros(childData.getStartEpochNanos()), child.startTimeMicros());
    assertEquals((childData.getEndEpochNanos() - childData.getStartEpochNanos()) / 1000, child.durationMicros());
  }
}
