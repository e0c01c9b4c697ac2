package io.weft.query.zipkin;

import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * One trace made with the OpenTelemetry SDK: Shop-Frontend GET /Cart → charge card (CLIENT to
 * Payment-Svc, error status) → Payment-Svc POST /charge (OK), and an internal Render with events.
 * Ids come from a fixed sequence, so two runs (one per exporter) make the same spans. Uses only the
 * SDK API that both SDK lines the test runs have, and no Weft class: it also runs in
 * {@link OldOtelSdk}'s class loader.
 */
public final class OtelShopTraffic {
  private OtelShopTraffic() {}

  /** Emits the trace at {@code startMicros} through {@code exporter}; returns its trace id. */
  public static String emit(SpanExporter exporter, long startMicros) {
    IdGenerator ids = new IdGenerator() {
      private long next = 0x51;

      @Override
      public String generateSpanId() {
        return String.format("%016x", next++);
      }

      @Override
      public String generateTraceId() {
        return String.format("%016x%016x", 0x7a1b2c3d4e5f6071L, next++);
      }
    };
    SpanExporter shared = new SpanExporter() { // both providers use it; it is shut down once, at the end
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return exporter.export(spans);
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    SdkTracerProvider shop = provider("Shop-Frontend", shared, ids);
    SdkTracerProvider pay = provider("Payment-Svc", shared, ids);
    Tracer fe = shop.get("zipkin-compat");
    Tracer py = pay.get("zipkin-compat", "2.1.0");
    long t = startMicros;
    Span root = fe.spanBuilder("GET /Cart").setSpanKind(SpanKind.SERVER).setNoParent().setStartTimestamp(at(t))
        .setAttribute("http.method", "GET").setAttribute("http.status_code", 200L).setAttribute("cached", true)
        .setAttribute("ratio", 0.5).startSpan();
    Span charge = fe.spanBuilder("charge card").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(root))
        .setStartTimestamp(at(t + 1_000)).setAttribute("peer.service", "Payment-Svc")
        .setAttribute("server.socket.address", "10.1.1.1").setAttribute(AttributeKey.longKey("server.socket.port"), 443L)
        .startSpan();
    charge.setStatus(StatusCode.ERROR, "card declined");
    Span post = py.spanBuilder("POST /charge").setSpanKind(SpanKind.SERVER).setParent(Context.root().with(charge))
        .setStartTimestamp(at(t + 2_000)).setAttribute("http.method", "POST").startSpan();
    post.setStatus(StatusCode.OK);
    post.end(at(t + 9_000));
    charge.end(at(t + 10_000));
    Span render = fe.spanBuilder("Render").setParent(Context.root().with(root)).setStartTimestamp(at(t + 11_000))
        .startSpan();
    render.addEvent("rendered", at(t + 12_000));
    render.addEvent("cache miss", Attributes.builder().put("key", "cart:1").put("n", 3L).put("hit", false).build(),
        at(t + 12_500));
    render.end(at(t + 13_000));
    root.end(at(t + 30_000));
    String traceId = root.getSpanContext().getTraceId();
    shop.forceFlush().join(30, TimeUnit.SECONDS);
    pay.forceFlush().join(30, TimeUnit.SECONDS);
    shop.shutdown().join(30, TimeUnit.SECONDS);
    pay.shutdown().join(30, TimeUnit.SECONDS);
    exporter.shutdown().join(30, TimeUnit.SECONDS);
    return traceId;
  }

  private static SdkTracerProvider provider(String service, SpanExporter exporter, IdGenerator ids) {
    return SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(stringKey("service.name"), service)))
        .setIdGenerator(ids)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  private static Instant at(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
  }
}
