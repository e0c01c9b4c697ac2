package io.weft.jmh;

import io.vertx.core.Future;
import io.weft.codec.OtlpDecoder;
import io.weft.collector.PostSampler;
import io.weft.collector.SpanProcessor;
import io.weft.collector.SpanValidator;
import io.weft.kafka.SpanRecords;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import io.weft.tracegen.SampleBodies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread CPU nanoseconds per span of a collector's path into Kafka, one thread, over tracegen's
 * 512-span OTLP requests (64 bodies, fresh trace ids): {@code decode} (OtlpDecoder.decodeProto),
 * {@code process} (SpanProcessor: validation, enrichment, post-sampling, into a writer that takes the
 * spans and does nothing), {@code records} (the same, the writer encoding the spans as Kafka record
 * values, {@code SpanRecords.encode} over 32 partitions as the collector's worker does before
 * {@code KafkaProducer.send}). The last two each run on a batch decoded just before (untimed): fresh
 * objects, their strings' hashes not computed yet. records - process is the encoding and grouping.
 * Span metrics are measured apart ({@link CollectorCpu}). Only public entry points, so the same class
 * measures an older build. Prints one line per round, then the medians.
 * Usage: java -cp target/test-classes:CLASSES:DEPS io.weft.jmh.CollectorKafkaCpu [rounds=7] [seconds=2]
 */
public final class CollectorKafkaCpu {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final String[] NAMES = {"decode", "process", "records"};
  private static long sink;

  private CollectorKafkaCpu() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    List<byte[]> bodies = SampleBodies.bodies("otlp-grpc", 512, 64, 7);
    SpanValidator validator = new SpanValidator(1000, 1 << 20, 3_600_000_000L, 86_400_000_000L);
    WeftMetrics metrics = new WeftMetrics();
    SpanWriter nothing = spans -> {
      sink += spans.size();
      return Future.succeededFuture();
    };
    SpanWriter records = spans -> {
      for (SpanRecords.Out o : SpanRecords.encode(spans, 32)) {
        sink += o.value().length;
      }
      return Future.succeededFuture();
    };
    SpanProcessor processOnly = new SpanProcessor(validator, new PostSampler(1.0), nothing, metrics, 1 << 30);
    SpanProcessor processRecords = new SpanProcessor(validator, new PostSampler(1.0), records, metrics, 1 << 30);
    List<double[]> results = new ArrayList<>();
    for (int r = 0; r <= rounds; r++) { // round 0 warms every path up
      double[] ns = {
          decoding(bodies, seconds),
          afterDecoding(bodies, processOnly, seconds),
          afterDecoding(bodies, processRecords, seconds)};
      if (r > 0) {
        results.add(ns);
        System.out.printf("round %d: decode %.0f ns/span, process %.0f, records %.0f%n", r, ns[0], ns[1], ns[2]);
      }
    }
    StringBuilder medians = new StringBuilder("median:");
    for (int w = 0; w < NAMES.length; w++) {
      int col = w;
      double[] column = results.stream().mapToDouble(ns -> ns[col]).sorted().toArray();
      medians.append(String.format(" %s %.0f", NAMES[w], column[column.length / 2]));
    }
    System.out.println(medians.append(" ns/span"));
    if (sink == 42) {
      System.out.println();
    }
  }

  private static double decoding(List<byte[]> bodies, double seconds) {
    long spans = 0;
    long budget = (long) (seconds * 1e9);
    long t0 = CPU.getCurrentThreadCpuTime();
    for (int i = 0; CPU.getCurrentThreadCpuTime() - t0 < budget; i++) {
      spans += OtlpDecoder.decodeProto(bodies.get(i & 63)).size();
    }
    return (double) (CPU.getCurrentThreadCpuTime() - t0) / spans;
  }

  /** CPU ns per span of the processor on a batch decoded just before, untimed. */
  private static double afterDecoding(List<byte[]> bodies, SpanProcessor processor, double seconds) {
    long spans = 0;
    long spent = 0;
    long budget = (long) (seconds * 1e9);
    for (int i = 0; spent < budget; i++) {
      List<Span> batch = OtlpDecoder.decodeProto(bodies.get(i & 63));
      long t0 = CPU.getCurrentThreadCpuTime();
      Future<SpanProcessor.Result> done = processor.process(batch, "otlp-grpc", "otlp-proto", "127.0.0.1");
      spent += CPU.getCurrentThreadCpuTime() - t0;
      if (!done.succeeded() || done.result().accepted() != batch.size()) {
        throw new AssertionError("tracegen's spans are all valid and kept");
      }
      spans += batch.size();
    }
    return (double) spent / spans;
  }
}
