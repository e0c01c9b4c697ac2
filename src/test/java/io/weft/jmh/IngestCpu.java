package io.weft.jmh;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.weft.codec.OtlpDecoder;
import io.weft.metrics.VertxMetricsGuard;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanWriter;
import io.weft.storage.live.LiveSpanWriter;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.tracegen.SampleBodies;
import io.weft.wire.EncodedTrace;
import io.weft.wire.SpanBinaryCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ingester's CPU per span into memory, on one thread: decoding Kafka record values (one
 * {@link SpanBinaryCodec} message per trace, as collectors write them) and writing them with
 * {@code writeEncoded}, into the memory store alone and through the live-span layer as a node stacks
 * it (an unclustered node with Vert.x metrics on, nobody watching). Tracegen's batches of 512 spans
 * (64 traces of 8, 6 services), 200 batches cycled into a store of 5,000 traces, so every write is new
 * and evicts. The thread's own CPU time, so the figure holds on a shared machine. One line per round.
 * Usage: java -cp target/test-classes:target/weft.jar io.weft.jmh.IngestCpu [rounds=5] [seconds=3]
 * (the same test classes over an older jar measure that jar: the class only uses what both have).
 */
public final class IngestCpu {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private IngestCpu() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 3;
    List<List<byte[]>> batches = new ArrayList<>();
    for (byte[] body : SampleBodies.bodies("otlp-grpc", 512, 200, 11)) {
      Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
      for (Span s : OtlpDecoder.decodeProto(body)) {
        byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
      }
      List<byte[]> messages = new ArrayList<>();
      byTrace.values().forEach(t -> messages.add(SpanBinaryCodec.encode(t)));
      batches.add(messages);
    }
    Vertx vertx = nodeLikeVertx();
    MemorySpanStore plain = new MemorySpanStore(5_000);
    MemorySpanStore underLive = new MemorySpanStore(5_000);
    SpanWriter live = liveWriter(vertx, underLive);
    run(batches, plain, seconds); // warm-up: both paths compiled before measuring
    run(batches, live, seconds);
    for (int r = 1; r <= rounds; r++) {
      double store = run(batches, plain, seconds);
      double layered = run(batches, live, seconds);
      System.out.printf("round %d: decode+store %.0f ns/span, decode+live+store %.0f ns/span%n", r, store, layered);
    }
    vertx.close().await();
  }

  /** CPU nanoseconds per span decoding and writing batches for about {@code seconds} of CPU. */
  private static double run(List<List<byte[]>> batches, SpanWriter store, long seconds) {
    long spans = 0;
    long t0 = CPU.getCurrentThreadCpuTime();
    for (int i = 0; CPU.getCurrentThreadCpuTime() - t0 < seconds * 1_000_000_000L; i++) {
      List<byte[]> messages = batches.get(i % batches.size());
      List<EncodedTrace> traces = new ArrayList<>(messages.size());
      for (byte[] m : messages) {
        List<Span> decoded = SpanBinaryCodec.decode(m);
        traces.add(EncodedTrace.of(m, decoded));
        spans += decoded.size();
      }
      if (!store.writeEncoded(traces).succeeded()) {
        throw new AssertionError("write failed");
      }
    }
    return (double) (CPU.getCurrentThreadCpuTime() - t0) / spans;
  }

  /** A Vert.x as a node builds it (Micrometer metrics, guarded), unclustered. */
  private static Vertx nodeLikeVertx() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions vo = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    VertxMetricsFactory factory = WATCHING ? Watching.factory(registry) : VertxMetricsGuard.factory(registry);
    Vertx vertx = Vertx.builder().withMetrics(factory).with(vo).build();
    LiveSpanWriter.registerCodec(vertx);
    return vertx;
  }

  private static SpanWriter liveWriter(Vertx vertx, SpanWriter store) {
    return WATCHING ? Watching.writer(vertx, store) : new LiveSpanWriter(vertx, store);
  }

  /** Whether the jar knows who watches live spans (an older one always publishes). */
  private static final boolean WATCHING = IngestCpu.class.getClassLoader()
      .getResource("io/weft/storage/live/LiveWatchers.class") != null;

  /** The node's wiring where the jar has it; loaded only then. */
  private static final class Watching {
    static final io.weft.storage.live.LiveWatchers WATCHERS = new io.weft.storage.live.LiveWatchers();

    static VertxMetricsFactory factory(PrometheusMeterRegistry registry) {
      return VertxMetricsGuard.factory(registry, WATCHERS::observe);
    }

    static SpanWriter writer(Vertx vertx, SpanWriter store) {
      return new LiveSpanWriter(vertx, store, null, WATCHERS);
    }
  }
}
