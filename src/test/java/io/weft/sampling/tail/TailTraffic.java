package io.weft.sampling.tail;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Traces through OpenTelemetry's SDK from two services, each exporting OTLP gRPC to its own collector
 * (so every trace's spans reach two collectors): frontend {@code GET /checkout} (root) with a
 * {@code render} child, backend {@code charge} under the root with a {@code db.query} under it. Every
 * 50th trace has an error in {@code db.query} (deep inside, on the other collector than the root); every
 * 100th is slow (its root lasts 1.5 s: timestamps are given; nothing sleeps, unless slow roots are to
 * end late, when a slow root really ends, so is exported, 1.5 s after its children). Four spans a trace.
 */
final class TailTraffic implements AutoCloseable {
  static final int SPANS_PER_TRACE = 4;
  static final long SLOW_MS = 1500;

  final Set<String> errors = new HashSet<>();
  final Set<String> slow = new HashSet<>();
  final Set<String> rest = new HashSet<>();
  private final SdkTracerProvider frontend;
  private final SdkTracerProvider backend;

  TailTraffic(int frontendOtlpGrpc, int backendOtlpGrpc) {
    frontend = provider("frontend", frontendOtlpGrpc);
    backend = provider("backend", backendOtlpGrpc);
  }

  private static SdkTracerProvider provider(String service, int port) {
    return SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder().put("service.name", service).build()))
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + port).setTimeout(Duration.ofSeconds(30)).build())
            .setScheduleDelay(Duration.ofMillis(100)).setMaxQueueSize(400_000).setMaxExportBatchSize(1000).build())
        .build();
  }

  /** Sends {@code n} traces at {@code perSecond}, then flushes both SDKs. */
  void send(int n, double perSecond) {
    send(n, perSecond, false);
  }

  /** As {@link #send(int, double)}; with {@code slowRootsEndLate} a slow root is ended (and exported) when it ends. */
  void send(int n, double perSecond, boolean slowRootsEndLate) {
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      send(n, perSecond, slowRootsEndLate ? later : null);
      later.shutdown();
      later.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      later.shutdownNow();
    }
    frontend.forceFlush().join(60, TimeUnit.SECONDS);
    backend.forceFlush().join(60, TimeUnit.SECONDS);
  }

  private void send(int n, double perSecond, ScheduledExecutorService later) {
    Tracer fe = frontend.get("tail-test");
    Tracer be = backend.get("tail-test");
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i / perSecond * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 1_000_000) {
        try {
          Thread.sleep(wait / 1_000_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      boolean error = i % 50 == 7;
      boolean isSlow = i % 100 == 13;
      long t0 = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
      Span root = fe.spanBuilder("GET /checkout").setStartTimestamp(t0, TimeUnit.NANOSECONDS).startSpan();
      Context inRoot = Context.root().with(root);
      Span charge = be.spanBuilder("charge").setParent(inRoot).setStartTimestamp(t0 + ms(2), TimeUnit.NANOSECONDS)
          .startSpan();
      Span db = be.spanBuilder("db.query").setParent(Context.root().with(charge))
          .setStartTimestamp(t0 + ms(3), TimeUnit.NANOSECONDS).startSpan();
      if (error) {
        db.setStatus(StatusCode.ERROR, "deadlock");
      }
      db.end(t0 + ms(10), TimeUnit.NANOSECONDS);
      charge.end(t0 + ms(15), TimeUnit.NANOSECONDS);
      fe.spanBuilder("render").setParent(inRoot).setStartTimestamp(t0 + ms(16), TimeUnit.NANOSECONDS).startSpan()
          .end(t0 + ms(18), TimeUnit.NANOSECONDS);
      if (isSlow && later != null) {
        later.schedule(() -> root.end(t0 + ms(SLOW_MS), TimeUnit.NANOSECONDS), SLOW_MS, TimeUnit.MILLISECONDS);
      } else {
        root.end(t0 + ms(isSlow ? SLOW_MS : 20), TimeUnit.NANOSECONDS);
      }
      String id = root.getSpanContext().getTraceId();
      (error ? errors : isSlow ? slow : rest).add(id);
    }
  }

  private static long ms(long v) {
    return TimeUnit.MILLISECONDS.toNanos(v);
  }

  int traces() {
    return errors.size() + slow.size() + rest.size();
  }

  /** The policy the tests use: every error, every slow trace, 5% of the rest. */
  static String policy(String decisionWait) {
    return """
        decision_wait: %s
        num_traces: 200000
        policies:
          - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
          - {name: slow, type: latency, latency: {threshold_ms: 1000}}
          - {name: five-percent, type: probabilistic, probabilistic: {sampling_percentage: 5}}
        """.formatted(decisionWait);
  }

  @Override
  public void close() {
    frontend.close();
    backend.close();
  }
}
