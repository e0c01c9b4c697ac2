package io.weft.jmh;

import io.weft.codec.OtlpDecoder;
import io.weft.codec.ZipkinDecoder;
import io.weft.collector.SpanValidator;
import io.weft.model.Span;
import io.weft.spanmetrics.AggregatorSettings;
import io.weft.spanmetrics.SpanAggregator;
import io.weft.tracegen.SampleBodies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Thread CPU nanoseconds per span of the collector's own per-span steps besides decoding OTLP, one
 * thread: span metrics ({@code SpanAggregator.record} over tracegen's 512-span OTLP batches, a drain
 * every 100 batches as a 15 s step would) and validation ({@code SpanValidator.validate}), each timed
 * alone on a batch decoded just before it, and Zipkin JSON
 * v2 decoding of tracegen's bodies of 512 and of 100 spans. Thread CPU time, so the figure holds on
 * a machine other work shares. Only public entry points: the same main measures an older build's
 * classes ({@code bench/collector-cpu.sh} alternates two builds).
 * Prints one line per round: {@code round N: record X ns/span, validate Y, zipkin512 Z, zipkin100 W}.
 * Usage: java -cp target/test-classes:CLASSES:DEPS io.weft.jmh.CollectorCpu [rounds=5] [seconds=3]
 */
public final class CollectorCpu {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static long sink;

  private CollectorCpu() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    List<byte[]> otlp = SampleBodies.bodies("otlp-grpc", 512, 64, 7);
    List<byte[]> zipkin512 = SampleBodies.bodies("zipkin-json", 512, 16, 7);
    List<byte[]> zipkin100 = SampleBodies.bodies("zipkin-json", 100, 64, 7);
    SpanAggregator aggregator = new SpanAggregator(AggregatorSettings.of(15_000, 10_000, 500), "cpu",
        System::currentTimeMillis);
    SpanValidator validator = new SpanValidator(1000, 1 << 20, 3_600_000_000L, 86_400_000_000L);
    long now = System.currentTimeMillis() * 1000;
    int[] n = new int[1];
    Step record = b -> {
      aggregator.record(b);
      if (n[0]++ % 100 == 99) {
        aggregator.drain();
      }
    };
    Step validate = b -> {
      for (Span s : b) {
        if (validator.validate(s, now) != null) {
          throw new AssertionError("tracegen's spans are valid");
        }
      }
    };
    for (int r = 0; r <= rounds; r++) { // round 0 warms every path up
      double a = afterDecoding(otlp, record, seconds);
      double b = afterDecoding(otlp, validate, seconds);
      double c = decoding(zipkin512, seconds);
      double d = decoding(zipkin100, seconds);
      if (r > 0) {
        System.out.printf("round %d: record %.1f ns/span, validate %.1f, zipkin512 %.1f, zipkin100 %.1f%n", r, a, b, c,
            d);
      }
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  /** What the collector does with a decoded batch. */
  private interface Step {
    void on(List<Span> batch);
  }

  /**
   * CPU ns per span of {@code step} alone, each time on a batch decoded just before (untimed): fresh
   * objects, their strings' hashes not computed yet, as a collector's spans are.
   */
  private static double afterDecoding(List<byte[]> bodies, Step step, double seconds) {
    long spans = 0;
    long spent = 0;
    long budget = (long) (seconds * 1e9);
    for (int i = 0; spent < budget; i++) {
      List<Span> batch = OtlpDecoder.decodeProto(bodies.get(i & 63));
      long t0 = CPU.getCurrentThreadCpuTime();
      step.on(batch);
      spent += CPU.getCurrentThreadCpuTime() - t0;
      spans += batch.size();
    }
    return (double) spent / spans;
  }

  private static double decoding(List<byte[]> bodies, double seconds) {
    long spans = 0;
    long t0 = CPU.getCurrentThreadCpuTime();
    long budget = (long) (seconds * 1e9);
    for (int i = 0; CPU.getCurrentThreadCpuTime() - t0 < budget; i++) {
      spans += ZipkinDecoder.decodeJson(bodies.get(i % bodies.size())).size();
    }
    sink += spans;
    return (double) (CPU.getCurrentThreadCpuTime() - t0) / spans;
  }
}
