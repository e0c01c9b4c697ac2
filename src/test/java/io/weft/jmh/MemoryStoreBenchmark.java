package io.weft.jmh;

import io.weft.codec.OtlpDecoder;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.TraceQuery;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.tracegen.SampleBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * The in-memory store: writes into a full store (every write evicts, as in a long-running node), and
 * reads from a store holding 1M spans (125,000 traces of 8, as tracegen sends them).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class MemoryStoreBenchmark {
  private static final int BATCH = 512;

  /** 100,000 distinct spans cycled into a store of 5,000 traces (40,000 spans): each write is new. */
  @State(Scope.Benchmark)
  public static class Full {
    final MemorySpanStore store = new MemorySpanStore(5_000);
    final List<List<Span>> batches = new ArrayList<>();
    int next;

    @Setup
    public void setUp() {
      for (byte[] body : SampleBodies.bodies("otlp-grpc", BATCH, 200, 3)) {
        batches.add(OtlpDecoder.decodeProto(body));
      }
      batches.forEach(store::write);
    }
  }

  /** 1M spans and the trace ids among them. */
  @State(Scope.Benchmark)
  public static class Loaded {
    final MemorySpanStore store = new MemorySpanStore(150_000);
    final List<TraceId> ids = new ArrayList<>();
    final SplittableRandom rnd = new SplittableRandom(5);
    long nowMicros;

    @Setup
    public void setUp() {
      for (byte[] body : SampleBodies.bodies("otlp-grpc", BATCH, 1_000_000 / BATCH, 4)) {
        List<Span> spans = OtlpDecoder.decodeProto(body);
        store.write(spans);
        ids.add(spans.get(0).traceId());
      }
      nowMicros = System.currentTimeMillis() * 1000;
    }

    TraceQuery query(Map<String, String> tags) {
      return new TraceQuery("service-a", null, tags, nowMicros - 3_600_000_000L, nowMicros + 60_000_000L, 0, 0, 20);
    }

    /** The same window over every service. */
    TraceQuery anyService() {
      return TraceQuery.between(nowMicros - 3_600_000_000L, nowMicros + 60_000_000L, 20);
    }
  }

  private static final String[] OPERATIONS = {"GET /api/orders", "POST /api/checkout", "SELECT orders", "cache.get",
      "publish order.created", "GET /api/users/{id}", "charge-card", "render"};

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object writeIntoFullStore(Full s) {
    return s.store.write(s.batches.get(s.next++ % s.batches.size())).result();
  }

  @Benchmark
  public List<Span> traceById(Loaded s) {
    return s.store.getTrace(s.ids.get(s.rnd.nextInt(s.ids.size()))).result();
  }

  @Benchmark
  public List<List<Span>> searchServiceLimit20(Loaded s) {
    return s.store.findTraces(s.query(Map.of())).result();
  }

  @Benchmark
  public List<List<Span>> searchServiceAndTag(Loaded s) {
    return s.store.findTraces(s.query(Map.of("tag.0", "value-" + s.rnd.nextInt(1000)))).result();
  }

  /** Without a service: a tag alone (random values, about 1 trace in 125 has one). */
  @Benchmark
  public List<List<Span>> searchTagAnyService(Loaded s) {
    return s.store.findTraces(s.anyService().withTags(Map.of("tag.0", "value-" + s.rnd.nextInt(1000)))).result();
  }

  /** Without a service: an operation alone (every trace has each of tracegen's). */
  @Benchmark
  public List<List<Span>> searchOperationAnyService(Loaded s) {
    return s.store.findTraces(s.anyService().withOperation(OPERATIONS[s.rnd.nextInt(OPERATIONS.length)])).result();
  }

  /** Without a service: an operation no trace has, so every trace in the window is looked at. */
  @Benchmark
  public List<List<Span>> searchAbsentOperationAnyService(Loaded s) {
    return s.store.findTraces(s.anyService().withOperation("no-such-operation-" + s.rnd.nextInt(50))).result();
  }

  /** Without a service: a duration no span has (tracegen's spans last at most 250 ms). */
  @Benchmark
  public List<List<Span>> searchAbsentDurationAnyService(Loaded s) {
    return s.store.findTraces(s.anyService().withDurations(10_000_000L, 0)).result();
  }
}
