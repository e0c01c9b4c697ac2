package io.weft.jmh;

import io.weft.codec.OtlpDecoder;
import io.weft.model.Span;
import io.weft.spanmetrics.AggregatorSettings;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.SpanAggregator;
import io.weft.tracegen.SampleBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What span metrics cost a collector per span (scores are spans per second, one thread): tracegen's
 * batches of 512 spans (64 bodies, fresh trace ids) recorded into the aggregator, its series, latency
 * sketches and service-graph pairing, with a drain (a flush) every 100 batches as a 15 s step would.
 * Compare with {@code CodecBenchmark.decodeOtlpProtobuf}, the decoding every span costs anyway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class SpanAggregatorBenchmark {
  private static final int SPANS = 512;

  private final List<List<Span>> batches = new ArrayList<>();
  private SpanAggregator aggregator;
  private int next;

  @Setup
  public void setUp() {
    for (byte[] body : SampleBodies.bodies("otlp-grpc", SPANS, 64, 7)) {
      batches.add(OtlpDecoder.decodeProto(body));
    }
    aggregator = new SpanAggregator(AggregatorSettings.of(15_000, 10_000, 500), "bench", System::currentTimeMillis);
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int record() {
    int i = next++;
    aggregator.record(batches.get(i & 63));
    if (i % 100 == 99) {
      Delta d = aggregator.drain();
      return d.buckets().size();
    }
    return i;
  }
}
