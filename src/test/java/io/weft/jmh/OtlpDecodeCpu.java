package io.weft.jmh;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.weft.codec.OtlpDecoder;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.tracegen.SampleBodies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * CPU time per span of decoding OTLP protobuf, the way before (protobuf-java's generated messages,
 * then OtlpDecoder's translation) against the bytes' reader (OtlpDecoder.decodeProto), alternated in
 * each round on one thread; "+hash" also takes the hash code of every tag key, string value, service
 * and operation name once, as the collector's maps and span metrics do next (a String computes its
 * hash on first use). The thread's own CPU time, so the figures hold on a shared machine. Tracegen's
 * request of 512 spans (6 services, 5 string tags + http.status_code on servers), 64 bodies with
 * fresh trace ids. Prints each round, then the medians.
 * Usage: java -cp target/test-classes:target/classes:CLASSPATH io.weft.jmh.OtlpDecodeCpu [rounds=7] [seconds=2]
 */
public final class OtlpDecodeCpu {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final String[] NAMES = {"messages", "bytes", "messages+hash", "bytes+hash"};

  private OtlpDecodeCpu() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    List<byte[]> bodies = SampleBodies.bodies("otlp-grpc", 512, 64, 7);
    List<ToLongFunction<byte[]>> ways = List.of(
        b -> viaMessages(b).size(),
        b -> OtlpDecoder.decodeProto(b).size(),
        b -> hashAll(viaMessages(b)),
        b -> hashAll(OtlpDecoder.decodeProto(b)));
    for (ToLongFunction<byte[]> way : ways) {
      measure(bodies, way, seconds); // warm-up: every path compiled before measuring
    }
    List<double[]> results = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      double[] ns = new double[ways.size()];
      StringBuilder line = new StringBuilder("round " + r + ":");
      for (int w = 0; w < ways.size(); w++) {
        ns[w] = measure(bodies, ways.get(w), seconds);
        line.append(String.format(" %s %.0f ns/span", NAMES[w], ns[w]));
      }
      results.add(ns);
      System.out.println(line);
    }
    StringBuilder medians = new StringBuilder("median:");
    double[] m = new double[ways.size()];
    for (int w = 0; w < ways.size(); w++) {
      int col = w;
      double[] column = results.stream().mapToDouble(ns -> ns[col]).sorted().toArray();
      m[w] = column[column.length / 2];
      medians.append(String.format(" %s %.0f ns/span", NAMES[w], m[w]));
    }
    System.out.println(medians);
    System.out.printf("bytes/messages: %.2f; with hashing: %.2f%n", m[1] / m[0], m[3] / m[2]);
  }

  private static List<Span> viaMessages(byte[] body) {
    try {
      return OtlpDecoder.decode(ExportTraceServiceRequest.parseFrom(body));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long hashAll(List<Span> spans) {
    long h = 0;
    for (Span s : spans) {
      h += s.serviceName().hashCode() + s.operationName().hashCode();
      for (Tag t : s.tags()) {
        h += t.key().hashCode() + (t.value() instanceof String v ? v.hashCode() : 0);
      }
    }
    return h + spans.size();
  }

  /** Thread CPU nanoseconds per span over about {@code seconds} of CPU. */
  private static double measure(List<byte[]> bodies, ToLongFunction<byte[]> way, double seconds) {
    long spans = 0;
    long sink = 0;
    long budget = (long) (seconds * 1e9);
    long t0 = CPU.getCurrentThreadCpuTime();
    for (int i = 0; CPU.getCurrentThreadCpuTime() - t0 < budget; i++) {
      sink += way.applyAsLong(bodies.get(i & 63));
      spans += 512;
    }
    long cpu = CPU.getCurrentThreadCpuTime() - t0;
    if (sink == 42) {
      System.out.println(Arrays.toString(new long[] {sink})); // keeps the results alive
    }
    return (double) cpu / spans;
  }
}
