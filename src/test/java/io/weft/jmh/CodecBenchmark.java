package io.weft.jmh;

import com.fasterxml.jackson.core.JsonGenerator;
import io.weft.codec.JaegerThriftDecoder;
import io.weft.codec.JaegerUiJson;
import io.weft.codec.OtlpDecoder;
import io.weft.wire.SpanBinaryCodec;
import io.weft.codec.ZipkinDecoder;
import io.weft.model.Span;
import io.weft.tracegen.SampleBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * The wire formats, per span (scores are spans per second): tracegen's request bodies of 512 spans
 * (Jaeger UDP: datagrams of 10), decoded into Weft's model; Weft's event-bus/Kafka binary codec both ways;
 * the Jaeger UI JSON the query API writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class CodecBenchmark {
  private static final int SPANS = 512;
  private static final int DATAGRAM_SPANS = 10;

  private byte[] otlp;
  private byte[] zipkinJson;
  private byte[] jaegerCompact;
  private byte[] binary;
  private List<Span> spans;

  @Setup
  public void setUp() {
    otlp = SampleBodies.bodies("otlp-grpc", SPANS, 1, 1).get(0);
    zipkinJson = SampleBodies.bodies("zipkin-json", SPANS, 1, 1).get(0);
    jaegerCompact = SampleBodies.bodies("jaeger-udp", DATAGRAM_SPANS, 1, 1).get(0);
    spans = OtlpDecoder.decodeProto(otlp);
    binary = SpanBinaryCodec.encode(spans);
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public List<Span> decodeOtlpProtobuf() {
    return OtlpDecoder.decodeProto(otlp);
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public List<Span> decodeZipkinJsonV2() {
    return ZipkinDecoder.decodeJson(zipkinJson);
  }

  @Benchmark
  @OperationsPerInvocation(DATAGRAM_SPANS)
  public List<Span> decodeJaegerThriftCompact() {
    return JaegerThriftDecoder.decodeEmitBatch(jaegerCompact, true);
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public byte[] encodeWeftBinary() {
    return SpanBinaryCodec.encode(spans);
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public List<Span> decodeWeftBinary() {
    return SpanBinaryCodec.decode(binary);
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public int writeJaegerUiJson() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 * SPANS);
    try (JsonGenerator g = JaegerUiJson.generator(out)) {
      JaegerUiJson.writeTrace(g, spans);
    }
    return out.size();
  }
}
