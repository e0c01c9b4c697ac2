package io.weft.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpDecoderTest {
  static final String TRACE = "5b8efff798038103d269b633813fc60c";
  static final TraceId TRACE_ID = new TraceId(0x5b8efff798038103L, 0xd269b633813fc60cL);
  static final String OTHER_TRACE = "0000000000000001000000000000000a";

  static ByteString hex(String s) {
    return ByteString.copyFrom(HexFormat.of().parseHex(s));
  }

  static KeyValue kv(String key, AnyValue v) {
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }

  static KeyValue str(String key, String v) {
    return kv(key, AnyValue.newBuilder().setStringValue(v).build());
  }

  static AnyValue.Builder any() {
    return AnyValue.newBuilder();
  }

  static Span.Builder span() {
    return Span.newBuilder().setTraceId(hex(TRACE)).setSpanId(hex("eee19b7ec3c1b174")).setName("op")
        .setStartTimeUnixNano(1_544_712_660_000_001_999L).setEndTimeUnixNano(1_544_712_661_000_002_500L);
  }

  static ExportTraceServiceRequest request(Resource resource, InstrumentationScope scope, Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
            .addScopeSpans(ScopeSpans.newBuilder().setScope(scope).addAllSpans(List.of(spans))))
        .build();
  }

  static ExportTraceServiceRequest request(Span... spans) {
    return request(Resource.newBuilder().addAttributes(str("service.name", "svc")).build(),
        InstrumentationScope.getDefaultInstance(), spans);
  }

  static io.weft.model.Span only(ExportTraceServiceRequest req) {
    List<io.weft.model.Span> spans = OtlpDecoder.decodeProto(req.toByteArray());
    assertEquals(1, spans.size());
    return spans.get(0);
  }

  @Test
  void fullSpanThroughProtobuf() {
    Resource resource = Resource.newBuilder()
        .addAttributes(str("host.name", "h1"))
        .addAttributes(str("service.name", "frontend"))
        .addAttributes(kv("process.pid", any().setIntValue(42).build()))
        .build();
    InstrumentationScope scope = InstrumentationScope.newBuilder().setName("io.weft.test").setVersion("1.2.3").build();
    Span s = span()
        .setParentSpanId(hex("eee19b7ec3c1b173"))
        .setTraceState("rojo=00f067aa0ba902b7")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setFlags(0x301) // sampled + has-is-remote + is-remote
        .addAttributes(str("http.method", "GET"))
        .addAttributes(kv("http.status_code", any().setIntValue(500).build()))
        .addAttributes(kv("retry", any().setBoolValue(true).build()))
        .addAttributes(kv("ratio", any().setDoubleValue(0.25).build()))
        .addAttributes(kv("blob", any().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, 3})).build()))
        .setDroppedAttributesCount(3)
        .addEvents(Span.Event.newBuilder().setTimeUnixNano(1_544_712_660_500_000_999L).setName("exception")
            .addAttributes(str("exception.type", "IOException"))
            .addAttributes(kv("attempt", any().setIntValue(2).build())))
        .addLinks(Span.Link.newBuilder().setTraceId(hex(OTHER_TRACE)).setSpanId(hex("00000000000000ff"))
            .addAttributes(str("link.attr", "dropped")))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
        .build();

    io.weft.model.Span w = only(request(resource, scope, s));

    assertEquals(TRACE_ID, w.traceId());
    assertEquals(TRACE, w.traceId().toHex());
    assertEquals(0xeee19b7ec3c1b174L, w.spanId());
    assertEquals("op", w.operationName());
    assertEquals(List.of(SpanRef.childOf(TRACE_ID, 0xeee19b7ec3c1b173L),
        new SpanRef(RefType.FOLLOWS_FROM, new TraceId(1, 10), 0xff, List.of(Tag.string("link.attr", "dropped")))),
        w.references(), "a link keeps its attributes");
    assertEquals(0xeee19b7ec3c1b173L, w.parentSpanId());
    assertEquals(1, w.flags());
    assertEquals(1_544_712_660_000_001L, w.startTimeMicros());
    assertEquals(1_000_000L, w.durationMicros()); // 1_000_000_501 ns, truncated
    assertEquals(SpanKind.SERVER, w.kind());
    assertEquals(StatusCode.ERROR, w.statusCode());
    assertEquals("boom", w.statusMessage());
    assertEquals(List.of(
        Tag.string("otel.scope.name", "io.weft.test"),
        Tag.string("otel.scope.version", "1.2.3"),
        Tag.string("http.method", "GET"),
        Tag.int64("http.status_code", 500),
        Tag.bool("retry", true),
        Tag.float64("ratio", 0.25),
        Tag.binary("blob", new byte[] {1, 2, 3}),
        Tag.string("w3c.tracestate", "rojo=00f067aa0ba902b7"),
        Tag.int64("otel.dropped_attributes_count", 3)), w.tags());
    // The decoder adds no error tags itself; the renderer does.
    assertTrue(w.tags().stream().noneMatch(t -> t.key().equals("error")));
    assertTrue(JaegerTags.effective(w).contains(Tag.bool("error", true)));
    assertTrue(JaegerTags.effective(w).contains(Tag.string("span.kind", "server")));
    assertEquals(List.of(new Log(1_544_712_660_500_000L, List.of(
        Tag.string("event", "exception"),
        Tag.string("exception.type", "IOException"),
        Tag.int64("attempt", 2)))), w.logs());
    assertEquals(new Process("frontend", List.of(Tag.string("host.name", "h1"), Tag.int64("process.pid", 42))),
        w.process());
    assertEquals(List.of(), w.warnings());
  }

  @Test
  void arraysAndMapsKeepTheirValuesAndShowAsJaegersJson() {
    AnyValue array = any().setArrayValue(ArrayValue.newBuilder()
        .addValues(any().setStringValue("a\"b"))
        .addValues(any().setIntValue(-7))
        .addValues(any().setDoubleValue(2.0))
        .addValues(any().setDoubleValue(1e21))
        .addValues(any().setDoubleValue(1.5e-7))
        .addValues(any().setBoolValue(false))
        .addValues(any())).build();
    AnyValue map = any().setKvlistValue(KeyValueList.newBuilder()
        .addValues(str("z", "last"))
        .addValues(kv("a", any().setBytesValue(ByteString.copyFromUtf8("hi")).build()))
        .addValues(kv("m", any().setKvlistValue(KeyValueList.newBuilder().addValues(str("k", "v"))).build()))
        .addValues(str("z", "wins"))).build();
    io.weft.model.Span w = only(request(span().addAttributes(kv("arr", array)).addAttributes(kv("map", map))
        .addAttributes(kv("unset", AnyValue.getDefaultInstance())).build()));

    Tag expectedMap = Tag.map("map", List.of(Tag.string("z", "last"), Tag.binary("a", "hi".getBytes(UTF_8)),
        Tag.map("m", List.of(Tag.string("k", "v"))), Tag.string("z", "wins")));
    assertEquals(List.of(
        // An unset element has no tag form: the array stays the JSON text Jaeger shows.
        Tag.string("arr", "[\"a\\\"b\",-7,2,1e+21,1.5e-7,false,null]"),
        expectedMap,
        Tag.string("unset", "")), w.tags());
    assertEquals("{\"a\":\"aGk=\",\"m\":{\"k\":\"v\"},\"z\":\"wins\"}", w.tags().get(1).valueAsString(),
        "shown as Jaeger does: keys sorted, the last duplicate wins");

    AnyValue.Builder noUnset = array.toBuilder();
    noUnset.getArrayValueBuilder().removeValues(6);
    Tag arr = only(request(span().addAttributes(kv("arr", noUnset.build())).build())).tags().get(0);
    assertEquals(Tag.array("arr", List.of(Tag.string("", "a\"b"), Tag.int64("", -7), Tag.float64("", 2.0),
        Tag.float64("", 1e21), Tag.float64("", 1.5e-7), Tag.bool("", false))), arr);
    assertEquals("[\"a\\\"b\",-7,2,1e+21,1.5e-7,false]", arr.valueAsString());
  }

  @Test
  void theTagJsonIsTheJsonJaegerShows() {
    // Two renderers must agree: the codec's (for values a tag cannot hold) and the model's (valueAsString).
    AnyValue v = any().setKvlistValue(KeyValueList.newBuilder()
        .addValues(str("s", "q\"b\\s/\u0001\u001f\b\t\n\f\r\u007f\u00e9\u2028<&>"))
        .addValues(kv("d", any().setArrayValue(ArrayValue.newBuilder()
            .addValues(any().setDoubleValue(0.1)).addValues(any().setDoubleValue(-0.0))
            .addValues(any().setDoubleValue(123456789.125)).addValues(any().setDoubleValue(1e-6))
            .addValues(any().setDoubleValue(9.99e-7)).addValues(any().setDoubleValue(-2.5e300))
            .addValues(any().setDoubleValue(Double.NaN)).addValues(any().setDoubleValue(Double.NEGATIVE_INFINITY))
            .addValues(any().setIntValue(Long.MIN_VALUE)).addValues(any().setBoolValue(true))).build()))
        .addValues(kv("b", any().setBytesValue(ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff})).build()))
        .addValues(kv("e", any().setArrayValue(ArrayValue.getDefaultInstance()).build()))
        .addValues(kv("m", any().setKvlistValue(KeyValueList.getDefaultInstance()).build()))).build();
    Tag t = only(request(span().addAttributes(kv("v", v)).build())).tags().get(0);
    assertEquals(io.weft.model.TagType.MAP, t.type());
    assertEquals(AnyValues.toJson(v), t.valueAsString());
  }

  @Test
  void spanKindsStatusesAndFlags() {
    assertEquals(SpanKind.UNSPECIFIED, only(request(span().build())).kind());
    assertEquals(SpanKind.INTERNAL, only(request(span().setKind(Span.SpanKind.SPAN_KIND_INTERNAL).build())).kind());
    assertEquals(SpanKind.CLIENT, only(request(span().setKind(Span.SpanKind.SPAN_KIND_CLIENT).build())).kind());
    assertEquals(SpanKind.PRODUCER, only(request(span().setKind(Span.SpanKind.SPAN_KIND_PRODUCER).build())).kind());
    assertEquals(SpanKind.CONSUMER, only(request(span().setKind(Span.SpanKind.SPAN_KIND_CONSUMER).build())).kind());
    assertEquals(SpanKind.UNSPECIFIED, only(request(span().setKindValue(99).build())).kind());

    io.weft.model.Span ok = only(request(span().setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK)).build()));
    assertEquals(StatusCode.OK, ok.statusCode());
    assertEquals(StatusCode.UNSET, only(request(span().build())).statusCode());

    assertEquals(0, only(request(span().setFlags(0x300).build())).flags()); // remote bits, not sampled
    assertEquals(1, only(request(span().setFlags(0x03).build())).flags()); // W3C random bit is not Jaeger's debug bit
  }

  @Test
  void serviceNameAndScopeEdgeCases() {
    io.weft.model.Span none = only(request(Resource.getDefaultInstance(), InstrumentationScope.getDefaultInstance(),
        span().build()));
    assertEquals(new Process("", List.of()), none.process());
    assertEquals(List.of(), none.tags()); // empty scope name/version add nothing

    io.weft.model.Span noName = only(request(Resource.newBuilder().addAttributes(str("host.name", "h")).build(),
        InstrumentationScope.newBuilder().setName("lib").build(), span().build()));
    assertEquals(new Process("", List.of(Tag.string("host.name", "h"))), noName.process());
    assertEquals(List.of(Tag.string("otel.scope.name", "lib")), noName.tags());
  }

  @Test
  void severalResourcesAndScopesShareTheirProcessAndScopeTags() {
    ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(str("service.name", "a")))
            .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("s1"))
                .addSpans(span().setSpanId(hex("0000000000000001"))).addSpans(span().setSpanId(hex("0000000000000002"))))
            .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("s2"))
                .addSpans(span().setSpanId(hex("0000000000000003")))))
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(str("service.name", "b")))
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(span().setSpanId(hex("0000000000000004")))))
        .build();
    List<io.weft.model.Span> spans = OtlpDecoder.decode(req);
    assertEquals(List.of(1L, 2L, 3L, 4L), spans.stream().map(io.weft.model.Span::spanId).toList());
    assertEquals(List.of("a", "a", "a", "b"), spans.stream().map(io.weft.model.Span::serviceName).toList());
    assertEquals(List.of(Tag.string("otel.scope.name", "s1")), spans.get(1).tags());
    assertEquals(List.of(Tag.string("otel.scope.name", "s2")), spans.get(2).tags());
    assertEquals(List.of(), spans.get(3).tags());
  }

  @Test
  void linksFollowJaeger() {
    // A link restating the parent with opentracing.ref_type=child_of is merged into the parent reference;
    // another child_of link keeps its type; a link with bad ids is dropped with a warning.
    Span s = span().setParentSpanId(hex("0000000000000009"))
        .addLinks(Span.Link.newBuilder().setTraceId(hex(TRACE)).setSpanId(hex("0000000000000009"))
            .addAttributes(str("opentracing.ref_type", "follows_from")))
        .addLinks(Span.Link.newBuilder().setTraceId(hex(OTHER_TRACE)).setSpanId(hex("0000000000000005"))
            .addAttributes(str("opentracing.ref_type", "child_of")))
        .addLinks(Span.Link.newBuilder().setTraceId(hex("01")).setSpanId(hex("0000000000000006")))
        .build();
    io.weft.model.Span w = only(request(s));
    // child_of is said by the type (the encoder writes it back); an explicit follows_from stays an attribute.
    assertEquals(List.of(new SpanRef(RefType.FOLLOWS_FROM, TRACE_ID, 9,
            List.of(Tag.string("opentracing.ref_type", "follows_from"))),
        new SpanRef(RefType.CHILD_OF, new TraceId(1, 10), 5)), w.references());
    assertEquals(1, w.warnings().size());
    assertTrue(w.warnings().get(0).contains("link"), w.warnings().toString());
  }

  @Test
  void eventNameIsNotRepeatedWhenAnAttributeIsCalledEvent() {
    Span s = span()
        .addEvents(Span.Event.newBuilder().setTimeUnixNano(5_000).setName("n").addAttributes(str("event", "own")))
        .addEvents(Span.Event.newBuilder().setTimeUnixNano(6_000).addAttributes(str("k", "v")).setDroppedAttributesCount(2))
        .build();
    io.weft.model.Span w = only(request(s));
    assertEquals(List.of(
        new Log(5, List.of(Tag.string("event", "own"))),
        new Log(6, List.of(Tag.string("k", "v"), Tag.int64("otel.dropped_attributes_count", 2)))), w.logs());
  }

  @Test
  void droppedCountsOnlyWhenPositive() {
    io.weft.model.Span w = only(request(span().setDroppedEventsCount(4).setDroppedLinksCount(5).build()));
    assertEquals(List.of(Tag.int64("otel.dropped_events_count", 4), Tag.int64("otel.dropped_links_count", 5)), w.tags());
  }

  @Test
  void badIdsGiveZerosInsteadOfFailingTheRequest() {
    Span bad = span().setTraceId(hex("0102")).setSpanId(hex("01")).setParentSpanId(hex("0102")).build();
    List<io.weft.model.Span> spans = OtlpDecoder.decode(request(bad, span().build()));
    assertEquals(2, spans.size());
    io.weft.model.Span w = spans.get(0);
    assertTrue(w.traceId().isZero());
    assertEquals(0, w.spanId());
    assertEquals(List.of(), w.references());
    assertEquals(1, w.warnings().size());
    assertEquals(TRACE_ID, spans.get(1).traceId());

    io.weft.model.Span empty = only(request(Span.newBuilder().setName("x").build()));
    assertTrue(empty.traceId().isZero());
    assertEquals(0, empty.spanId());
    assertEquals(List.of(), empty.references()); // an absent parent is a root, no warning
    assertEquals(List.of(), empty.warnings());
  }

  @Test
  void negativeDurationIsKeptForTheValidator() {
    io.weft.model.Span w = only(request(span().setStartTimeUnixNano(5_000_000).setEndTimeUnixNano(2_000_000).build()));
    assertEquals(5_000, w.startTimeMicros());
    assertEquals(-3_000, w.durationMicros());
  }

  @Test
  void malformedProtobufIsACodecException() {
    byte[] good = request(span().build()).toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    CodecException e = assertThrows(CodecException.class, () -> OtlpDecoder.decodeProto(truncated));
    assertTrue(e.getMessage().startsWith("malformed OTLP protobuf"), e.getMessage());
    CodecException g = assertThrows(CodecException.class,
        () -> OtlpDecoder.decodeProto(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}));
    assertTrue(g.getMessage().startsWith("malformed OTLP protobuf"), g.getMessage());
    assertEquals(List.of(), OtlpDecoder.decodeProto(new byte[0])); // an empty request is valid
  }
}
