package io.weft.codec;

import static io.weft.codec.OtlpDecoderTest.any;
import static io.weft.codec.OtlpDecoderTest.hex;
import static io.weft.codec.OtlpDecoderTest.kv;
import static io.weft.codec.OtlpDecoderTest.str;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.SpanRef;
import io.weft.model.TraceId;
import io.weft.testing.RandomSpans;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OtlpEncoder is OtlpDecoder's inverse: decode(encode(spans)) gives the spans back. */
class OtlpEncoderTest {
  static List<io.weft.model.Span> roundTrip(List<io.weft.model.Span> spans) {
    return OtlpDecoder.decodeProto(OtlpEncoder.encode(spans).toByteArray());
  }

  @Test
  void everythingTheDecoderProducesComesBack() {
    Span.Builder full = OtlpDecoderTest.span()
        .setParentSpanId(hex("eee19b7ec3c1b173"))
        .setTraceState("rojo=00f067aa0ba902b7")
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setFlags(1)
        .addAttributes(str("http.method", "GET"))
        .addAttributes(kv("code", any().setIntValue(500).build()))
        .addAttributes(kv("retry", any().setBoolValue(true).build()))
        .addAttributes(kv("ratio", any().setDoubleValue(0.25).build()))
        .addAttributes(kv("blob", any().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, 3})).build()))
        .setDroppedAttributesCount(3).setDroppedEventsCount(4).setDroppedLinksCount(5)
        .addEvents(Span.Event.newBuilder().setTimeUnixNano(1_544_712_660_500_000_000L).setName("exception")
            .addAttributes(str("exception.type", "IOException")).setDroppedAttributesCount(2))
        .addEvents(Span.Event.newBuilder().setTimeUnixNano(1_544_712_660_600_000_000L)
            .addAttributes(str("event", "named by attribute")).addAttributes(str("k", "v")))
        .addLinks(Span.Link.newBuilder().setTraceId(hex(OtlpDecoderTest.OTHER_TRACE)).setSpanId(hex("00000000000000ff")))
        .addLinks(Span.Link.newBuilder().setTraceId(hex(OtlpDecoderTest.TRACE)).setSpanId(hex("00000000000000aa"))
            .addAttributes(str("opentracing.ref_type", "child_of")))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
    Span root = OtlpDecoderTest.span().setSpanId(hex("eee19b7ec3c1b173")).setName("root")
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK)).build();
    ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(str("service.name", "frontend"))
                .addAttributes(str("host.name", "h1")).setDroppedAttributesCount(1))
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("lib").setVersion("1.0"))
                .addSpans(full).addSpans(root))
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(OtlpDecoderTest.span().setSpanId(hex("0000000000000001")))))
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(str("service.name", "backend")))
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("lib2"))
                .addSpans(OtlpDecoderTest.span().setSpanId(hex("0000000000000002")).setKind(Span.SpanKind.SPAN_KIND_SERVER))))
        .build();
    List<io.weft.model.Span> spans = OtlpDecoder.decode(req);
    assertEquals(4, spans.size());
    assertEquals(spans, roundTrip(spans));
  }

  @Test
  void jaegerSpansKeepWhatOtlpCanCarry() {
    List<io.weft.model.Span> spans = JaegerThriftDecoder.fromBatch(JaegerThriftDecoderTest.batch());
    List<io.weft.model.Span> back = roundTrip(spans);
    List<io.weft.model.Span> expected = new ArrayList<>();
    for (io.weft.model.Span s : spans) {
      expected.add(s.toBuilder().flags(s.flags() & 1).build()); // Jaeger's debug bit has no OTLP field
    }
    // The follower's FOLLOWS_FROM to its own parent repeats the parent, which OTLP carries once.
    TraceId t = JaegerThriftDecoderTest.TRACE;
    expected.set(2, expected.get(2).toBuilder().references(List.of(SpanRef.childOf(t, 0x10),
        new SpanRef(RefType.CHILD_OF, new TraceId(0, 7), 0x99))).build());
    assertEquals(expected, back);
  }

  /** Random spans, limited to what OTLP has fields for, in many shapes. */
  @Test
  void randomSpansRoundTrip() {
    for (int seed = 0; seed < 200; seed++) {
      List<io.weft.model.Span> spans = new ArrayList<>();
      for (io.weft.model.Span s : new RandomSpans(seed).batch(30)) {
        spans.add(representable(s));
      }
      Comparator<io.weft.model.Span> order = Comparator.comparing(io.weft.model.Span::traceId)
          .thenComparing(io.weft.model.Span::spanId, Long::compareUnsigned)
          .thenComparing(s -> String.valueOf(s.operationName()));
      List<io.weft.model.Span> back = new ArrayList<>(roundTrip(spans));
      spans.sort(order);
      back.sort(order);
      assertEquals(spans, back, "seed " + seed);
    }
  }

  /** The span as OTLP can hold it: a service name, sane times, the parent first and not repeated. */
  static io.weft.model.Span representable(io.weft.model.Span s) {
    Process p = s.process() == null ? new Process("", List.of())
        : new Process(s.process().serviceName() == null ? "" : s.process().serviceName(), s.process().tags());
    List<Log> logs = new ArrayList<>();
    for (Log l : s.logs()) {
      logs.add(new Log(Math.floorMod(l.timestampMicros(), 4_000_000_000_000_000L), l.fields()));
    }
    long parent = s.parentSpanId();
    List<SpanRef> refs = new ArrayList<>();
    if (parent != 0) {
      refs.add(SpanRef.childOf(s.traceId(), parent));
    }
    for (SpanRef r : s.references()) {
      if (parent == 0 || r.spanId() != parent || !r.traceId().equals(s.traceId())) {
        refs.add(r);
      }
    }
    return s.toBuilder().process(p).operationName(s.operationName() == null ? "" : s.operationName())
        .flags(s.flags() & 1).startTimeMicros(Math.floorMod(s.startTimeMicros(), 4_000_000_000_000_000L))
        .durationMicros(Math.floorMod(s.durationMicros(), 1_000_000_000L)).logs(logs).references(refs)
        .warnings(List.of()).build();
  }
}
