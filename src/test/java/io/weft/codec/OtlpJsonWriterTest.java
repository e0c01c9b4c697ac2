package io.weft.codec;

import static io.weft.codec.OtlpDecoderTest.any;
import static io.weft.codec.OtlpDecoderTest.hex;
import static io.weft.codec.OtlpDecoderTest.kv;
import static io.weft.codec.OtlpDecoderTest.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** OTLP JSON as pdata writes it (Jaeger's api_v3 answers), and read back by the OTLP/HTTP JSON parser. */
class OtlpJsonWriterTest {
  static final Status NO_STATUS = Status.getDefaultInstance();

  static String json(ExportTraceServiceRequest req) {
    return new String(OtlpJsonWriter.toJson(req), StandardCharsets.UTF_8);
  }

  @Test
  void jaegersGetTraceSnapshotByteForByte() {
    // Jaeger's apiv3 snapshots/GetTrace.json (keys there are sorted; pdata writes them in proto order).
    ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.getDefaultInstance())
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
            .setTraceId(hex("00000000000000000000000000000001")).setSpanId(hex("0000000000000002"))
            .setName("foobar").setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))))).build();
    assertEquals("{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"scope\":{},\"spans\":[{"
        + "\"traceId\":\"00000000000000000000000000000001\",\"spanId\":\"0000000000000002\",\"name\":\"foobar\","
        + "\"kind\":2,\"status\":{\"code\":2}}]}]}]}", json(req));
    assertEquals("{}", json(ExportTraceServiceRequest.getDefaultInstance()));
  }

  @Test
  void numbersAndValuesFollowTheOtlpJsonRules() {
    Span span = Span.newBuilder().setTraceId(hex(OtlpDecoderTest.TRACE)).setSpanId(hex("ffeeddccbbaa9988"))
        .setParentSpanId(hex("0102030405060708")).setFlags(0x301)
        .setStartTimeUnixNano(-1L) // 2^64 - 1 as an unsigned fixed64
        .setEndTimeUnixNano(1_700_000_000_123_456_789L)
        .addAttributes(kv("i", any().setIntValue(-42).build()))
        .addAttributes(kv("d", any().setDoubleValue(0.25).build()))
        .addAttributes(kv("nan", any().setDoubleValue(Double.NaN).build()))
        .addAttributes(kv("inf", any().setDoubleValue(Double.NEGATIVE_INFINITY).build()))
        .addAttributes(kv("b", any().setBytesValue(ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff})).build()))
        .addAttributes(kv("empty", AnyValue.getDefaultInstance()))
        .addAttributes(kv("arr", any().setArrayValue(ArrayValue.newBuilder().addValues(any().setStringValue("x"))
            .addValues(any().setBoolValue(false))).build()))
        .addAttributes(kv("map", any().setKvlistValue(KeyValueList.newBuilder().addValues(str("k", "v"))).build()))
        .build();
    String out = json(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build());
    assertEquals("{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"scope\":{},\"spans\":[{"
        + "\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"ffeeddccbbaa9988\","
        + "\"parentSpanId\":\"0102030405060708\",\"flags\":769,"
        + "\"startTimeUnixNano\":\"18446744073709551615\",\"endTimeUnixNano\":\"1700000000123456789\","
        + "\"attributes\":[{\"key\":\"i\",\"value\":{\"intValue\":\"-42\"}},{\"key\":\"d\",\"value\":{\"doubleValue\":0.25}},"
        + "{\"key\":\"nan\",\"value\":{\"doubleValue\":\"NaN\"}},{\"key\":\"inf\",\"value\":{\"doubleValue\":\"-Infinity\"}},"
        + "{\"key\":\"b\",\"value\":{\"bytesValue\":\"+/8=\"}},{\"key\":\"empty\",\"value\":{}},"
        + "{\"key\":\"arr\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"x\"},{\"boolValue\":false}]}}},"
        + "{\"key\":\"map\",\"value\":{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"v\"}}]}}}],"
        + "\"status\":{}}]}]}]}", out);
  }

  @Test
  void everyFieldReadsBackThroughTheOtlpJsonParser() {
    Span full = OtlpDecoderTest.span()
        .setParentSpanId(hex("eee19b7ec3c1b173")).setTraceState("rojo=00f067aa0ba902b7")
        .setKind(Span.SpanKind.SPAN_KIND_CONSUMER).setFlags(0x101)
        .addAttributes(str("s", "é\"\\\n<>&\u2028"))
        .addAttributes(kv("big", any().setIntValue(Long.MIN_VALUE).build()))
        .addAttributes(kv("tiny", any().setDoubleValue(1e-300).build()))
        .addAttributes(kv("nested", any().setArrayValue(ArrayValue.newBuilder()
            .addValues(any().setArrayValue(ArrayValue.newBuilder().addValues(any().setIntValue(1))))
            .addValues(any().setKvlistValue(KeyValueList.newBuilder().addValues(kv("x", any().setDoubleValue(2.5).build())))))
            .build()))
        .setDroppedAttributesCount(3).setDroppedEventsCount(4).setDroppedLinksCount(5)
        .addEvents(Span.Event.newBuilder().setTimeUnixNano(1_544_712_660_500_000_001L).setName("exception")
            .addAttributes(str("exception.type", "IOException")).setDroppedAttributesCount(2))
        .addEvents(Span.Event.newBuilder())
        .addLinks(Span.Link.newBuilder().setTraceId(hex(OtlpDecoderTest.OTHER_TRACE)).setSpanId(hex("00000000000000ff"))
            .setTraceState("a=b").addAttributes(str("link.kind", "batch")).setDroppedAttributesCount(1).setFlags(0x301))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK).setMessage("fine"))
        .build();
    ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(str("service.name", "frontend"))
                .addAttributes(kv("pid", any().setIntValue(4242).build())).setDroppedAttributesCount(1))
            .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("lib").setVersion("1.0")
                    .addAttributes(str("scope.attr", "x")).setDroppedAttributesCount(7))
                .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
                .addSpans(full).addSpans(OtlpDecoderTest.span().setName("second").setStatus(NO_STATUS)))
            .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.getDefaultInstance())
                .addSpans(OtlpDecoderTest.span().setName("unscoped").setStatus(NO_STATUS))))
        .addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.getDefaultInstance()))
        .build();
    // resource, scope and status are always written, so they read back as present (and empty).
    assertEquals(req, OtlpJsonParser.parse(OtlpJsonWriter.toJson(req)));
  }
}
