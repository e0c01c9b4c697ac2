package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import io.weft.model.Span;
import io.weft.sampling.tail.PartitionReads;
import io.weft.sampling.tail.TailSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tail sampling in the ingester: a trace's records all sit in one partition (the key is the trace
 * id), so the ingester reading it sees the whole trace. A polled batch is done, and its offsets may be
 * committed, once every trace it holds is decided and, if kept, stored: a crashed ingester's
 * successor reads again every record of a trace not decided yet, and decides it the same way
 * (the policies look at the trace alone; probabilistic choices hash the trace id). A revoked
 * partition's traces are dropped from the buffer undecided: the partition's new owner reads them again.
 *
 * <p>Traces are decided in record time ({@link TailSampler#due(long, PartitionReads)}): an ingester
 * catching up on a backlog (a dead ingester's partitions, or load) reads a trace's records later than
 * they were produced, and on the wall clock would decide it before reading the rest. A partition whose
 * clock stands still (nothing produced) is known read to its end from its end offset, asked now and then;
 * if the broker answers no end-offsets request and nothing more is read from the partition for a further
 * decision_wait, its traces are decided then (counted early): no trace waits forever.
 * Under tenancy a trace is (tenant, trace id), the tenant its records' header names: two tenants'
 * traces of one id are decided apart and each stored in its tenant's store (a partition's clock is the
 * same for every tenant).
 *
 * <p>Buffering a batch and deciding due traces (encoding, decoding and judging thousands of spans) run on
 * worker threads, one task after the other: batches reach the sampler in poll order. The rest, every
 * waiter among it, runs on the ingester loop's context, which owns what is known of the partitions
 * ({@link PartitionProgress}).
 */
final class IngesterTail {
  private static final Logger LOG = LoggerFactory.getLogger(IngesterTail.class);
  private final Vertx vertx;
  private final TailSampler sampler;
  private final BiFunction<String, List<Span>, Future<Void>> write;
  private final BiFunction<String, List<Span>, Future<Void>> writeLinks;
  private final IngesterMetrics metrics;
  private final BooleanSupplier windowFull;
  private final Predicate<TopicPartition> finished;
  /** How long a partition whose end is unknown may stay unread, past a trace's wall-clock wait, before the trace is decided. */
  private final long endUnknownNanos;
  private final PartitionProgress partitions;
  /** The last worker task given to {@link #inTurn}. */
  private Future<?> turn = Future.succeededFuture();
  /** A round of decisions is on a worker. */
  private boolean deciding;
  private volatile boolean stopped;
  private long ticker = -1;

  /**
   * {@code write} stores a tenant's kept spans, {@code writeLinks} records the dependency links of its
   * dropped ones (the graph counts calls before tail sampling), each retrying until it succeeds (or the
   * loop stops); {@code windowFull} says the loop reads nothing more until batches complete; {@code
   * finished}: a replay's partition read to its stop offset.
   */
  IngesterTail(Vertx vertx, TailSampler sampler, BiFunction<String, List<Span>, Future<Void>> write,
      BiFunction<String, List<Span>, Future<Void>> writeLinks, IngesterMetrics metrics,
      KafkaReadStream<byte[], byte[]> consumer, BooleanSupplier windowFull, Predicate<TopicPartition> finished) {
    this.vertx = vertx;
    this.sampler = sampler;
    this.write = write;
    this.writeLinks = writeLinks;
    this.metrics = metrics;
    this.windowFull = windowFull;
    this.finished = finished;
    this.partitions = new PartitionProgress(consumer, Math.max(100, Math.min(1000, sampler.decisionWaitMs() / 10))
        * 1_000_000);
    this.endUnknownNanos = sampler.decisionWaitMs() * 1_000_000;
  }

  void start() {
    long tick = Math.max(10, Math.min(100, sampler.decisionWaitMs() / 10));
    ticker = vertx.setPeriodic(tick, id -> {
      if (!deciding) {
        decideDue(System.nanoTime());
      }
    });
  }

  /**
   * Decides the traces whose wait is over as the loop knows its partitions now, on a worker (decoding and
   * judging them is the CPU of a batch), then stores (or links) them here; while traces wait, asks the
   * partitions' end offsets now and then. The ticker's work, one round at a time.
   */
  void decideDue(long nowNanos) {
    deciding = true;
    PartitionReads reads = partitions.asOf(finished, windowFull.getAsBoolean(), endUnknownNanos);
    inTurn(() -> new Due(sampler.due(nowNanos, reads), sampler.traces())).onComplete(ar -> {
      deciding = false;
      if (ar.failed()) {
        LOG.error("deciding due traces failed", ar.cause());
        return;
      }
      if (stopped) {
        return; // left to the partitions' next reader, as what stop() took out
      }
      handle(ar.result().decided());
      if (ar.result().waiting() > 0) {
        partitions.checkEnds(nowNanos);
      }
    });
  }

  /**
   * Runs {@code work} on a worker once the previous one given here is done: batches reach the sampler in
   * poll order, decisions in turn with them, while the next batches decode on other workers.
   */
  private <T> Future<T> inTurn(Callable<T> work) {
    Future<T> mine = turn.transform(ar -> vertx.executeBlocking(work, false));
    turn = mine;
    return mine;
  }

  /** A round of decisions, and how many traces still wait. */
  private record Due(List<TailSampler.Decided> decided, int waiting) {}

  /**
   * Completes when every trace of the batch is decided and the kept ones stored. The spans are buffered
   * on a worker (each encoded: the CPU of a batch), batches in the order they come (poll order); the rest
   * happens here.
   */
  Future<Void> accept(Batch b) {
    BatchWaits waits = new BatchWaits();
    long now = System.nanoTime();
    inTurn(() -> buffer(b, now, waits)).onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("buffering a batch of {} span(s) failed; its offsets will not be committed", b.spanCount,
            ar.cause());
        return;
      }
      if (stopped) {
        sampler.remove(id -> true, p -> p instanceof TopicPartition); // buffered as the loop stopped
        return;
      }
      // Positions only now: an end-offsets answer must not find a partition read past spans not buffered yet.
      partitions.read(b.nextOffsets, now);
      for (Buffered x : ar.result()) {
        TailSampler.Added a = x.added();
        waits.add(a.waiting());
        handle(a.early());
        if (!a.keptLate().isEmpty()) {
          waits.add(1);
          store(x.tenant(), a.keptLate()).onSuccess(v -> waits.run());
        }
        if (!a.droppedLate().isEmpty()) {
          waits.add(1);
          writeLinks.apply(x.tenant(), a.droppedLate()).onSuccess(v -> waits.run());
        }
      }
      // The batch holds offsets only from here on: the spans wait in the sampler.
      b.releaseSpans();
      waits.release();
    });
    return waits.done.future();
  }

  /** A tenant's spans of one partition, added to the sampler. */
  private record Buffered(String tenant, TailSampler.Added added) {}

  /** Adds the batch's spans to the sampler per partition and tenant; on a worker. */
  private List<Buffered> buffer(Batch b, long now, BatchWaits waits) {
    List<Buffered> out = new ArrayList<>();
    if (!stopped) {
      b.byPartition.forEach((tp, byTenant) -> byTenant.forEach((tenant, spans) ->
          out.add(new Buffered(tenant, sampler.add(tenant, spans, now, 0, tp, waits, b.times.get(tp))))));
    }
    return out;
  }

  private Future<Void> store(String tenant, List<Span> spans) {
    return write.apply(tenant, spans).onSuccess(v -> metrics.spansWritten.increment(spans.size()));
  }

  /**
   * Stores each tenant's kept traces and records its dropped ones' links; each trace's waiters run once
   * that is done.
   */
  private void handle(List<TailSampler.Decided> decided) {
    Map<String, List<TailSampler.Decided>> kept = new HashMap<>(2);
    Map<String, List<TailSampler.Decided>> dropped = new HashMap<>(2);
    for (TailSampler.Decided d : decided) {
      (d.keep() ? kept : dropped).computeIfAbsent(d.tenant(), t -> new ArrayList<>()).add(d);
    }
    kept.forEach((tenant, traces) -> store(tenant, spansOf(traces))
        .onSuccess(v -> traces.forEach(TailSampler.Decided::settle)));
    dropped.forEach((tenant, traces) -> writeLinks.apply(tenant, spansOf(traces))
        .onSuccess(v -> traces.forEach(TailSampler.Decided::settle)));
  }

  private static List<Span> spansOf(List<TailSampler.Decided> traces) {
    List<Span> spans = new ArrayList<>();
    for (TailSampler.Decided d : traces) {
      spans.addAll(d.spans());
    }
    return spans;
  }

  /** A revoked partition's traces leave the buffer undecided; their batches complete (not committed: revoked). */
  void revoked(Set<TopicPartition> tps) {
    partitions.revoked(tps);
    sampler.remove(id -> true, tps::contains).forEach(TailSampler.Decided::settle);
  }

  /** The loop stops: what it buffered is left to the next reader of its partitions (nothing was committed). */
  void stop() {
    stopped = true;
    vertx.cancelTimer(ticker);
    sampler.remove(id -> true, p -> p instanceof TopicPartition);
  }
}
