package io.weft.sampling.adaptive;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.CompositeReporter;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.HttpSamplingManager;
import io.jaegertracing.internal.samplers.ProbabilisticSampler;
import io.jaegertracing.internal.samplers.RemoteControlledSampler;
import io.jaegertracing.spi.Reporter;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.extension.trace.jaeger.sampler.JaegerRemoteSampler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service making root spans of one operation at a steady rate through a real SDK whose sampler polls
 * Weft's remote sampler: OpenTelemetry's JaegerRemoteSampler (gRPC, port 5779's) exporting OTLP gRPC,
 * or jaeger-client's RemoteControlledSampler (HTTP, port 5778's) reporting thrift over HTTP. Counts
 * the root spans its sampler kept, the ground truth of the sampled rate.
 */
public final class SdkService implements AutoCloseable {
  private final String operation;
  private final double perSecond;
  private final AtomicLong sampled = new AtomicLong();
  private final Thread thread;
  private final Runnable closeSdk;
  private final Runnable makeRoot;
  private volatile boolean stop;

  private SdkService(String service, String operation, double perSecond, Runnable makeRoot, Runnable closeSdk) {
    this.operation = operation;
    this.perSecond = perSecond;
    this.makeRoot = makeRoot;
    this.closeSdk = closeSdk;
    this.thread = new Thread(this::loop, "sdk-" + service);
    thread.setDaemon(true);
  }

  /** OpenTelemetry's SDK: the remote sampler over gRPC, spans over OTLP gRPC. */
  public static SdkService otel(String service, String operation, double perSecond, int samplingGrpc, int otlpGrpc) {
    JaegerRemoteSampler sampler = JaegerRemoteSampler.builder().setServiceName(service)
        .setEndpoint("http://127.0.0.1:" + samplingGrpc).setPollingInterval(Duration.ofMillis(200)).build();
    AtomicLong[] counter = new AtomicLong[1];
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder().put("service.name", service).build()))
        .setSampler(sampler)
        .addSpanProcessor(new SpanProcessor() {
          @Override
          public void onStart(Context parent, ReadWriteSpan span) {}

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            if (span.getSpanContext().isSampled()) {
              counter[0].incrementAndGet();
            }
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }
        })
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + otlpGrpc).build()).setScheduleDelay(Duration.ofMillis(100))
            .setMaxQueueSize(50_000).build())
        .build();
    Tracer tracer = provider.get("adaptive-test");
    SdkService s = new SdkService(service, operation, perSecond, () -> tracer.spanBuilder(operation).startSpan().end(),
        () -> {
          provider.forceFlush().join(10, TimeUnit.SECONDS);
          provider.close();
          sampler.close();
        });
    counter[0] = s.sampled;
    return s;
  }

  /** jaeger-client: the remote sampler over HTTP, spans over thrift HTTP; roots carry sampler.type/param. */
  public static SdkService jaeger(String service, String operation, double perSecond, int samplingHttp,
      int jaegerHttp) throws Exception {
    RemoteControlledSampler sampler = new RemoteControlledSampler.Builder(service)
        .withSamplingManager(new HttpSamplingManager("127.0.0.1:" + samplingHttp))
        .withInitialSampler(new ProbabilisticSampler(0.001)).withPollingInterval(200).build();
    AtomicLong[] counter = new AtomicLong[1];
    Reporter counting = new Reporter() {
      @Override
      public void report(JaegerSpan span) {
        counter[0].incrementAndGet();
      }

      @Override
      public void close() {}
    };
    RemoteReporter remote = new RemoteReporter.Builder()
        .withSender(new HttpSender.Builder("http://127.0.0.1:" + jaegerHttp + "/api/traces").build())
        .withFlushInterval(100).withMaxQueueSize(50_000).build();
    JaegerTracer tracer = new JaegerTracer.Builder(service).withSampler(sampler)
        .withReporter(new CompositeReporter(remote, counting)).build();
    SdkService s = new SdkService(service, operation, perSecond, () -> tracer.buildSpan(operation).start().finish(),
        tracer::close);
    counter[0] = s.sampled;
    return s;
  }

  public SdkService start() {
    thread.start();
    return this;
  }

  public String operation() {
    return operation;
  }

  /** Root spans the SDK's sampler kept so far. */
  public long sampled() {
    return sampled.get();
  }

  /** Makes {@code perSecond} roots a second, in steps of 5 ms. */
  private void loop() {
    long start = System.nanoTime();
    long made = 0;
    while (!stop) {
      long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
      for (; made < due && !stop; made++) {
        makeRoot.run();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(10_000);
    closeSdk.run();
  }
}
