package io.weft.tracegen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Request bodies exactly as {@code tracegen} sends them, for benchmarks of the code that decodes them. */
public final class SampleBodies {
  private SampleBodies() {}

  /**
   * {@code count} bodies of {@code spans} spans each for {@code protocol} (otlp-grpc, otlp-http, zipkin-json,
   * jaeger-udp), every trace id fresh, the rest as tracegen's defaults (8 spans a trace, 6 services, 5 tags).
   */
  public static List<byte[]> bodies(String protocol, int spans, int count, long seed) {
    TraceGenSettings s = TraceGenSettings.parse(List.of("--protocol=" + protocol, "--batch=" + spans));
    TracePayloads.Template t = new TracePayloads(s, seed).next();
    SplittableRandom rnd = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(t.fresh(rnd, new byte[16]));
    }
    return out;
  }

  /**
   * {@code count} OTLP bodies of {@code spans} spans, each built afresh (its own span ids, tag values and
   * timings, not only its trace ids): data to measure compression on, as tracegen's defaults make it.
   */
  public static List<byte[]> distinctBodies(int spans, int count, long seed) {
    TraceGenSettings s = TraceGenSettings.parse(List.of("--protocol=otlp-grpc", "--batch=" + spans));
    SplittableRandom rnd = new SplittableRandom(seed);
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new TracePayloads(s, seed + i).next().fresh(rnd, new byte[16]));
    }
    return out;
  }
}
