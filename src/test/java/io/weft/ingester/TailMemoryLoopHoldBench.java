package io.weft.ingester;

import static io.weft.testing.LoopGaps.max;
import static io.weft.testing.LoopGaps.median;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.testing.LoopGaps;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.sampling.tail.TailConfig;
import io.weft.sampling.tail.TailMetrics;
import io.weft.sampling.tail.TailSampler;
import io.weft.storage.SpanWriter;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenantResolver;
import io.weft.wire.EncodedTrace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * How long one ingester batch (a poll of {@code records} Kafka records of tracegen-shaped spans, about 9k
 * spans at 500) holds the event loop in tail sampling and in the memory store, each step started on an
 * event loop: {@link IngesterTail#accept} buffering the batch's traces, the ticker deciding them once due
 * ({@link IngesterTail#decideDue}: decode, policies, hand-off of kept and dropped spans, whose writes here
 * succeed at once), the memory store's write of a batch as an ingester without tail sampling hands it
 * (writeEncoded) and of decoded spans (write: tail sampling's kept traces, a collector's request). Two
 * figures per step: the call's time until it returns, and the longest gap the loop ran nothing else from
 * the call until the step is done ({@link LoopGaps}: any callback the step left on the loop counts).
 * Measures, never asserts.
 *
 * <p>Usage: TailMemoryLoopHoldBench [records per batch=500] [rounds=10]
 */
public final class TailMemoryLoopHoldBench {
  /** bench/tail-sampling.sh's policy: errors, slow, 5% of the rest. */
  private static final String POLICY = """
      decision_wait: 10s
      policies:
        - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
        - {name: slow, type: latency, latency: {threshold_ms: 2000}}
        - {name: rest, type: probabilistic, probabilistic: {sampling_percentage: 5}}
      """;

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    TailConfig config = TailConfig.parse(POLICY.getBytes(StandardCharsets.UTF_8));
    Vertx vertx = Vertx.vertx();
    Context loop = vertx.getOrCreateContext();
    LoopGaps gaps = new LoopGaps(vertx, loop);
    WeftMetrics wm = new WeftMetrics();
    IngesterMetrics metrics = new IngesterMetrics(wm, () -> 0, () -> 0, () -> 0);
    MemorySpanStore memory = new MemorySpanStore(200_000);
    SplittableRandom rnd = new SplittableRandom(42);
    String[] steps = {"tail: accept (buffer the batch)", "tail: decide the batch's traces once due",
        "memory: writeEncoded (ingester batch)", "memory: write (decoded spans)"};
    double[][] call = new double[steps.length][rounds];
    double[][] gap = new double[steps.length][rounds];
    int spans = 0;
    for (int r = -3; r < rounds; r++) { // 3 rounds of warm-up
      ConsumerRecords<byte[], byte[]> polled = BatchLoopHoldBench.poll(records, rnd);
      Batch forTail = Batch.decode(polled, null, TenantResolver.disabled(), true);
      Batch plain = Batch.decode(polled, null);
      List<Span> decoded = spansOf(Batch.decode(BatchLoopHoldBench.poll(records, rnd), null));
      int n = forTail.spanCount;
      TailSampler sampler = new TailSampler(() -> config, new TailMetrics(wm));
      IngesterTail tail = new IngesterTail(vertx, sampler, (t, s) -> Future.succeededFuture(),
          (t, s) -> Future.succeededFuture(), metrics, null, () -> false, tp -> true);
      List<Future<Void>> accepted = new ArrayList<>(1);
      double[][] t = {
          // Done once buffered and back on the loop, which releases the batch's spans.
          step(loop, gaps, () -> accepted.add(tail.accept(forTail)),
              () -> sampler.spans() == n && forTail.byPartition.isEmpty()),
          // Due on the wall clock, its partition read to its end (a replay's "finished" partition).
          step(loop, gaps, () -> tail.decideDue(System.nanoTime() + config.decisionWaitMs() * 1_000_000 + 1),
              () -> accepted.get(0).isComplete()),
          step(loop, gaps, () -> plain.writeTo(PerTenant.same((SpanWriter) memory)), stored(memory, n)),
          step(loop, gaps, () -> memory.write(decoded), stored(memory, decoded.size()))};
      if (accepted.get(0).failed() || sampler.traces() != 0) {
        throw new IllegalStateException("the batch was not decided whole: " + sampler.traces());
      }
      if (r >= 0) {
        for (int i = 0; i < steps.length; i++) {
          call[i][r] = t[i][0];
          gap[i][r] = t[i][1];
        }
        spans = n;
      }
    }
    System.out.printf("%d records, %d spans per batch, %d rounds, load %s%n", records, spans, rounds,
        java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    System.out.println("| step | call ms median / max | longest loop gap ms median / max |");
    System.out.println("|---|---|---|");
    for (int i = 0; i < steps.length; i++) {
      System.out.printf("| %s | %.1f / %.1f | %.1f / %.1f |%n", steps[i], median(call[i]), max(call[i]),
          median(gap[i]), max(gap[i]));
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** Until the store holds {@code spans} more spans than now (every span new: no trace is written twice). */
  private static BooleanSupplier stored(MemorySpanStore memory, long spans) {
    long before = memory.spanCount();
    return () -> memory.spanCount() >= before + spans;
  }

  /** Runs {@code work} on the loop: the call's ms, and the longest loop gap (ms) until {@code finished}. */
  private static double[] step(Context loop, LoopGaps gaps, Runnable work, BooleanSupplier finished)
      throws Exception {
    gaps.start();
    CompletableFuture<Double> called = new CompletableFuture<>();
    loop.runOnContext(v -> {
      long t0 = System.nanoTime();
      work.run();
      called.complete((System.nanoTime() - t0) / 1e6);
    });
    double ms = called.get(120, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!onLoop(loop, finished::getAsBoolean)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the step did not finish");
      }
      Thread.sleep(1);
    }
    return new double[] {ms, gaps.stop()};
  }

  private static <T> T onLoop(Context loop, Supplier<T> f) throws Exception {
    CompletableFuture<T> out = new CompletableFuture<>();
    loop.runOnContext(v -> out.complete(f.get()));
    return out.get(60, TimeUnit.SECONDS);
  }

  private static List<Span> spansOf(Batch b) {
    List<Span> out = new ArrayList<>(b.spanCount);
    b.byTenant.values().forEach(s -> {
      s.traces.forEach((EncodedTrace t) -> out.addAll(t.spans()));
      out.addAll(s.loose);
    });
    return out;
  }
}
