package io.weft.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.proto.jaeger.api_v2.KeyValue;
import io.weft.proto.jaeger.api_v2.SpanRefType;
import io.weft.proto.jaeger.api_v2.ValueType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerProtoEncoderTest {
  static final TraceId TRACE = new TraceId(0x0102030405060708L, 0x090a0b0c0d0e0f10L);

  static Span span() {
    return Span.builder()
        .traceId(TRACE)
        .spanId(0xa1a2a3a4a5a6a7a8L)
        .operationName("GET /cart")
        .references(List.of(SpanRef.childOf(TRACE, 0x11L), new SpanRef(RefType.FOLLOWS_FROM, new TraceId(0, 7), 0x22L)))
        .flags(1)
        .startTimeMicros(1_700_000_000_123_456L)
        .durationMicros(2_500_001L)
        .tags(List.of(Tag.string("s", "v"), Tag.bool("b", true), Tag.int64("i", -42L), Tag.float64("f", 0.25),
            Tag.binary("bin", new byte[] {1, 2, 3})))
        .logs(List.of(new Log(1_700_000_000_200_000L, List.of(Tag.string("event", "retry"), Tag.int64("n", 2)))))
        .process(new Process("cart", List.of(Tag.string("host.name", "h1"))))
        .kind(SpanKind.SERVER)
        .status(StatusCode.ERROR, "boom")
        .warnings(List.of("w1"))
        .build();
  }

  @Test
  void idsTimesAndTypedTagsAsJaegerMarshalsThem() {
    io.weft.proto.jaeger.api_v2.Span p = JaegerProtoEncoder.span(span());
    assertArrayEquals(HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10"), p.getTraceId().toByteArray());
    assertArrayEquals(HexFormat.of().parseHex("a1a2a3a4a5a6a7a8"), p.getSpanId().toByteArray());
    assertEquals("GET /cart", p.getOperationName());
    assertEquals(1, p.getFlags());
    assertEquals(1_700_000_000L, p.getStartTime().getSeconds());
    assertEquals(123_456_000, p.getStartTime().getNanos());
    assertEquals(2L, p.getDuration().getSeconds());
    assertEquals(500_001_000, p.getDuration().getNanos());
    assertEquals(List.of("w1"), p.getWarningsList());
    assertEquals("", p.getProcessId(), "each span carries its process, as in Jaeger's gRPC answers");
    assertEquals("cart", p.getProcess().getServiceName());
    assertEquals("h1", p.getProcess().getTags(0).getVStr());

    assertEquals(2, p.getReferencesCount());
    assertEquals(SpanRefType.CHILD_OF, p.getReferences(0).getRefType());
    assertArrayEquals(HexFormat.of().parseHex("0000000000000011"), p.getReferences(0).getSpanId().toByteArray());
    assertEquals(SpanRefType.FOLLOWS_FROM, p.getReferences(1).getRefType());
    assertArrayEquals(HexFormat.of().parseHex("00000000000000000000000000000007"),
        p.getReferences(1).getTraceId().toByteArray(), "a 64-bit id is still 16 bytes");

    assertEquals(ValueType.STRING, tag(p, "s").getVType());
    assertEquals("v", tag(p, "s").getVStr());
    assertEquals(ValueType.BOOL, tag(p, "b").getVType());
    assertTrue(tag(p, "b").getVBool());
    assertEquals(ValueType.INT64, tag(p, "i").getVType());
    assertEquals(-42L, tag(p, "i").getVInt64());
    assertEquals(ValueType.FLOAT64, tag(p, "f").getVType());
    assertEquals(0.25, tag(p, "f").getVFloat64());
    assertEquals(ValueType.BINARY, tag(p, "bin").getVType());
    assertArrayEquals(new byte[] {1, 2, 3}, tag(p, "bin").getVBinary().toByteArray());
    // Kind and status become the tags Jaeger shows for them.
    assertEquals("server", tag(p, "span.kind").getVStr());
    assertEquals("ERROR", tag(p, "otel.status_code").getVStr());
    assertEquals("boom", tag(p, "otel.status_description").getVStr());
    assertTrue(tag(p, "error").getVBool());

    assertEquals(1, p.getLogsCount());
    assertEquals(1_700_000_000L, p.getLogs(0).getTimestamp().getSeconds());
    assertEquals(200_000_000, p.getLogs(0).getTimestamp().getNanos());
    assertEquals("retry", p.getLogs(0).getFields(0).getVStr());
    assertEquals(2L, p.getLogs(0).getFields(1).getVInt64());
  }

  @Test
  void timesBeforeTheEpochKeepNanosPositive() {
    assertEquals(-2L, JaegerProtoEncoder.timestamp(-1_500_000L).getSeconds());
    assertEquals(500_000_000, JaegerProtoEncoder.timestamp(-1_500_000L).getNanos());
    assertEquals(0L, JaegerProtoEncoder.duration(999_999L).getSeconds());
    assertEquals(999_999_000, JaegerProtoEncoder.duration(999_999L).getNanos());
  }

  private static KeyValue tag(io.weft.proto.jaeger.api_v2.Span p, String key) {
    return p.getTagsList().stream().filter(t -> t.getKey().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no tag " + key + " in " + p.getTagsList()));
  }
}
