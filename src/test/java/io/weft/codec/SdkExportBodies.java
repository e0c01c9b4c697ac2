package io.weft.codec;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.weft.testing.SpanCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Export request bodies exactly as the OpenTelemetry Java SDK's OTLP exporters write them (its own
 * marshalers, not protobuf-java: both the immutable and the low-allocation one), for spans using
 * every attribute type the API has, events, links, statuses, kinds and a trace state.
 */
final class SdkExportBodies {
  private SdkExportBodies() {}

  static List<byte[]> bodies() {
    SpanCapture capture = new SpanCapture();
    List<SpanData> spans = capture.spans;
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder().put("service.name", "sdk-svc").put("host.name", "h1")
            .put("process.pid", 42L).build()))
        .addSpanProcessor(SimpleSpanProcessor.create(capture)).build();
    record(provider.get("checkout-lib", "1.2.3"));
    record(provider.tracerBuilder("other-lib").build());
    provider.shutdown().join(5, TimeUnit.SECONDS);

    List<byte[]> bodies = new ArrayList<>();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TraceRequestMarshaler.create(spans).writeBinaryTo(out);
      bodies.add(out.toByteArray());
      LowAllocationTraceRequestMarshaler low = new LowAllocationTraceRequestMarshaler();
      low.initialize(spans);
      out = new ByteArrayOutputStream();
      low.writeBinaryTo(out);
      bodies.add(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bodies;
  }

  private static void record(Tracer tracer) {
    long t0 = System.currentTimeMillis() * 1_000_000L;
    io.opentelemetry.api.trace.Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(t0, TimeUnit.NANOSECONDS)
        .setAttribute("http.method", "GET").setAttribute("http.status_code", 500L).setAttribute("cache.hit", true)
        .setAttribute("ratio", 0.25).setAttribute("naïve", "日本語 😀")
        .setAttribute(AttributeKey.stringArrayKey("items"), List.of("a", "b"))
        .setAttribute(AttributeKey.longArrayKey("sizes"), List.of(1L, -2L))
        .setAttribute(AttributeKey.doubleArrayKey("ratios"), List.of(0.5, 1e21))
        .setAttribute(AttributeKey.booleanArrayKey("flags"), List.of(true, false))
        .startSpan();
    root.addEvent("cart loaded", Attributes.of(AttributeKey.longKey("cart.size"), 3L), t0 + 1_000, TimeUnit.NANOSECONDS);
    root.addEvent("no attributes");
    root.recordException(new IllegalStateException("boom"));
    SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.builder().put("vendor", "v1").build());
    io.opentelemetry.api.trace.Span child = tracer.spanBuilder("charge card").setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(root)).addLink(remote, Attributes.of(AttributeKey.stringKey("opentracing.ref_type"),
            "child_of")).addLink(remote).startSpan();
    child.setStatus(StatusCode.ERROR, "card declined");
    child.end();
    io.opentelemetry.api.trace.Span fromRemote = tracer.spanBuilder("consume").setSpanKind(SpanKind.CONSUMER)
        .setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(remote))).startSpan();
    fromRemote.setStatus(StatusCode.OK);
    fromRemote.end();
    tracer.spanBuilder("internal").setSpanKind(SpanKind.INTERNAL).startSpan().end();
    tracer.spanBuilder("produce").setSpanKind(SpanKind.PRODUCER).setNoParent().startSpan().end();
    root.end(t0 + 120_000_000, TimeUnit.NANOSECONDS);
  }
}
