package io.weft.jmh;

import io.weft.codec.OtlpDecoder;
import io.weft.model.Span;
import io.weft.spanmetrics.AggregatorSettings;
import io.weft.spanmetrics.SpanAggregator;
import io.weft.tracegen.SampleBodies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time per span of span metrics' counting (SpanAggregator.record, with a drain every 100
 * batches), beside the OTLP protobuf decoding every span costs anyway: the thread's own CPU time, so
 * the figure holds on a machine other work shares (wall-clock benchmarks there measure the sharing).
 * Tracegen's batches of 512 spans, 64 bodies with fresh trace ids. Prints one line per round.
 * Usage: java -cp target/test-classes:target/weft.jar io.weft.jmh.SpanMetricsCpu [rounds=5] [seconds=5]
 */
public final class SpanMetricsCpu {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private SpanMetricsCpu() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
    List<byte[]> bodies = SampleBodies.bodies("otlp-grpc", 512, 64, 7);
    List<List<Span>> batches = new ArrayList<>();
    for (byte[] b : bodies) {
      batches.add(OtlpDecoder.decodeProto(b));
    }
    SpanAggregator aggregator = new SpanAggregator(AggregatorSettings.of(15_000, 10_000, 500), "cpu",
        System::currentTimeMillis);
    // Warm-up: both paths compiled before measuring.
    decode(bodies, seconds);
    record(aggregator, batches, seconds);
    for (int r = 1; r <= rounds; r++) {
      double decode = decode(bodies, seconds);
      double record = record(aggregator, batches, seconds);
      System.out.printf("round %d: decode %.3f us/span, span metrics %.3f us/span (%.1f%% of decoding)%n", r, decode,
          record, 100 * record / decode);
    }
  }

  /** Thread CPU microseconds per span decoding OTLP for about {@code seconds} of CPU. */
  private static double decode(List<byte[]> bodies, long seconds) {
    long spans = 0;
    long t0 = CPU.getCurrentThreadCpuTime();
    long sink = 0;
    for (int i = 0; CPU.getCurrentThreadCpuTime() - t0 < seconds * 1_000_000_000L; i++) {
      List<Span> s = OtlpDecoder.decodeProto(bodies.get(i & 63));
      sink += s.size();
      spans += s.size();
    }
    if (sink < 0) {
      throw new AssertionError();
    }
    return (CPU.getCurrentThreadCpuTime() - t0) / 1000.0 / spans;
  }

  private static double record(SpanAggregator aggregator, List<List<Span>> batches, long seconds) {
    long spans = 0;
    long t0 = CPU.getCurrentThreadCpuTime();
    for (int i = 0; CPU.getCurrentThreadCpuTime() - t0 < seconds * 1_000_000_000L; i++) {
      List<Span> b = batches.get(i & 63);
      aggregator.record(b);
      spans += b.size();
      if (i % 100 == 99) {
        aggregator.drain();
      }
    }
    return (CPU.getCurrentThreadCpuTime() - t0) / 1000.0 / spans;
  }
}
