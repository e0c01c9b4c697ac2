package io.weft.query.grpc;

import io.weft.testing.OtelSdk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Timestamp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.weft.codec.OtlpEncoder;
import io.weft.it.TestNode;
import io.weft.model.Process;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The traces the gRPC query tests read, sent to a real node: one from the OpenTelemetry SDK over OTLP
 * gRPC (checkout: GET /cart (server) → charge (client, ERROR) → payments: POST /charge (server)), and a
 * {@link #LARGE}-span trace of service "bulk" posted as OTLP/HTTP protobuf.
 */
final class TracesOnANode {
  static final long NOW_NS = System.currentTimeMillis() * 1_000_000L;
  static final long T0 = NOW_NS - 60_000_000_000L;
  static final int LARGE = 3_000;
  static final TraceId LARGE_TRACE = new TraceId(0x5eed5eed5eed5eedL, 0x1234567890abcdefL);

  final String traceHex;
  final String rootSpanHex;
  final String chargeSpanHex;

  private TracesOnANode(String traceHex, String rootSpanHex, String chargeSpanHex) {
    this.traceHex = traceHex;
    this.rootSpanHex = rootSpanHex;
    this.chargeSpanHex = chargeSpanHex;
  }

  static TracesOnANode send(TestNode node) throws Exception {
    SdkTracerProvider checkout = OtelSdk.provider(node.otlpGrpc, "checkout");
    Span root = checkout.get("cart-lib", "1.0").spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(T0, TimeUnit.NANOSECONDS).setAttribute("http.status_code", 200L)
        .setAttribute("cache.hit", true).setAttribute("ratio", 0.5).setAttribute("http.method", "GET").startSpan();
    root.addEvent("cart loaded", Attributes.of(AttributeKey.longKey("cart.size"), 3L), T0 + 1_000_000, TimeUnit.NANOSECONDS);
    Span charge = checkout.get("cart-lib", "1.0").spanBuilder("charge").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(root)).setStartTimestamp(T0 + 2_000_000, TimeUnit.NANOSECONDS).startSpan();
    charge.setStatus(StatusCode.ERROR, "card declined");
    charge.end(T0 + 50_000_000, TimeUnit.NANOSECONDS);
    root.end(T0 + 100_000_000, TimeUnit.NANOSECONDS);
    OtelSdk.flush(checkout);

    SdkTracerProvider payments = OtelSdk.provider(node.otlpGrpc, "payments");
    SpanContext remote = SpanContext.createFromRemoteParent(charge.getSpanContext().getTraceId(),
        charge.getSpanContext().getSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
    payments.get("pay-lib").spanBuilder("POST /charge").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(remote))).setStartTimestamp(T0 + 5_000_000, TimeUnit.NANOSECONDS)
        .startSpan().end(T0 + 45_000_000, TimeUnit.NANOSECONDS);
    OtelSdk.flush(payments);

    TracesOnANode t = new TracesOnANode(root.getSpanContext().getTraceId(), root.getSpanContext().getSpanId(),
        charge.getSpanContext().getSpanId());
    Wait.forValue("SDK trace stored", 20, () -> node.traceWith(t.traceHex, 3));

    var r = node.post(node.otlpHttp, "/v1/traces", "application/x-protobuf",
        OtlpEncoder.encode(largeSpans(LARGE_TRACE, LARGE, T0 / 1000)).toByteArray());
    assertEquals(200, r.statusCode(), r.body());
    Wait.forValue("large trace stored", 20, () -> node.traceWith(LARGE_TRACE.toHex(), LARGE));
    return t;
  }

  /** Spans 1..n of one service; span 1 is the parent of all others; each about 200 bytes encoded. */
  static List<io.weft.model.Span> largeSpans(TraceId id, int n, long startMicros) {
    List<io.weft.model.Span> spans = new ArrayList<>(n);
    Process process = new Process("bulk", List.of());
    for (int i = 1; i <= n; i++) {
      spans.add(io.weft.model.Span.builder().traceId(id).spanId(i).operationName("step-" + (i % 10))
          .references(i == 1 ? List.of() : List.of(SpanRef.childOf(id, 1)))
          .startTimeMicros(startMicros + i).durationMicros(100)
          .tags(List.of(Tag.string("payload", "p".repeat(100)), Tag.int64("i", i)))
          .process(process).build());
    }
    return spans;
  }

  static Timestamp ts(long nanos) {
    return Timestamp.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
  }

  /** Ten minutes back to a minute ahead. */
  static Timestamp windowStart() {
    return ts(NOW_NS - 600_000_000_000L);
  }

  static Timestamp windowEnd() {
    return ts(NOW_NS + 60_000_000_000L);
  }
}
