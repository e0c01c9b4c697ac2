package io.weft.testing;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The real OpenTelemetry SDK as a service would set it up, exporting OTLP gRPC to a Weft node. */
public final class OtelSdk {
  private OtelSdk() {}

  /** A tracer provider for {@code service} exporting in batches every 100 ms to {@code endpoint} (http://host:port). */
  public static SdkTracerProvider provider(String endpoint, String service) {
    OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint)
        .setTimeout(Duration.ofSeconds(30)).build();
    return SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(stringKey("service.name"), service)))
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxQueueSize(10_000).setMaxExportBatchSize(500)
            .setScheduleDelay(Duration.ofMillis(100)).build())
        .build();
  }

  /** The same, exporting to a test node's OTLP gRPC port on 127.0.0.1. */
  public static SdkTracerProvider provider(int otlpGrpcPort, String service) {
    return provider("http://127.0.0.1:" + otlpGrpcPort, service);
  }

  /** Exports what the provider holds, asserting the exporter delivered it, and shuts it down. */
  public static void flush(SdkTracerProvider p) {
    assertTrue(p.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "exporter delivered");
    p.shutdown().join(5, TimeUnit.SECONDS);
  }
}
