package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import io.weft.model.Span;
import io.weft.sampling.tail.PartitionReads;
import io.weft.sampling.tail.TailSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * same for every tenant). All on the ingester loop's context.
 */
final class IngesterTail implements PartitionReads {
  private static final Logger LOG = LoggerFactory.getLogger(IngesterTail.class);
  private final Vertx vertx;
  private final TailSampler sampler;
  private final BiFunction<String, List<Span>, Future<Void>> write;
  private final BiFunction<String, List<Span>, Future<Void>> writeLinks;
  private final IngesterMetrics metrics;
  private final KafkaReadStream<byte[], byte[]> consumer;
  private final BooleanSupplier windowFull;
  private final Predicate<TopicPartition> finished;
  /** Per partition read here, the offset after the last record read: the consumer's position. */
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  /** Per partition, the latest moment (nanoTime) at which an end-offsets request found it read to its end. */
  private final Map<TopicPartition, Long> readAllAt = new HashMap<>();
  /** Per partition, the latest moment (nanoTime) at which an end-offsets request was answered for it. */
  private final Map<TopicPartition, Long> endKnownAt = new HashMap<>();
  private final long endCheckNanos;
  /** How long a partition whose end is unknown may stay unread, past a trace's wall-clock wait, before the trace is decided. */
  private final long endUnknownNanos;
  /** Per partition, the latest moment (nanoTime) a batch holding its records was accepted. */
  private final Map<TopicPartition, Long> readAt = new HashMap<>();
  private long lastEndCheck;
  private boolean endCheckInFlight;
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
    this.consumer = consumer;
    this.windowFull = windowFull;
    this.finished = finished;
    this.endCheckNanos = Math.max(100, Math.min(1000, sampler.decisionWaitMs() / 10)) * 1_000_000;
    this.endUnknownNanos = sampler.decisionWaitMs() * 1_000_000;
  }

  void start() {
    long tick = Math.max(10, Math.min(100, sampler.decisionWaitMs() / 10));
    lastEndCheck = System.nanoTime() - endCheckNanos; // nanoTime may be of any sign: no MIN_VALUE sentinel
    ticker = vertx.setPeriodic(tick, id -> {
      long now = System.nanoTime();
      decideDue(now);
      if (sampler.traces() > 0 && !endCheckInFlight && now - lastEndCheck >= endCheckNanos) {
        checkEnds(now);
      }
    });
  }

  /** Decides the traces whose wait is over and stores (or links) them: the ticker's work. */
  void decideDue(long nowNanos) {
    handle(sampler.due(nowNanos, this));
  }

  @Override
  public boolean readAll(Object partition, long sinceNanos) {
    Long at = readAllAt.get(partition);
    return at != null && at - sinceNanos >= 0 || finished.test((TopicPartition) partition);
  }

  @Override
  public boolean stalled(Object partition) {
    return windowFull.getAsBoolean();
  }

  /**
   * No end offset answered for the partition since {@code sinceNanos}, and nothing read from it for another
   * decision_wait (the broker answers neither): a bounded wait, not an endless one. A partition still read
   * from waits for its clock.
   */
  @Override
  public boolean endUnknown(Object partition, long sinceNanos) {
    Long known = endKnownAt.get(partition);
    if (known != null && known - sinceNanos >= 0) {
      return false;
    }
    long quietSince = sinceNanos;
    Long read = readAt.get(partition);
    if (read != null && read - quietSince > 0) {
      quietSince = read;
    }
    return System.nanoTime() - quietSince >= endUnknownNanos;
  }

  /** Asks the end offsets of the partitions read: those whose position reached it were read to their end as of {@code now}. */
  private void checkEnds(long now) {
    if (positions.isEmpty()) {
      return;
    }
    lastEndCheck = now;
    endCheckInFlight = true;
    consumer.endOffsets(new HashSet<>(positions.keySet())).onComplete(ar -> {
      endCheckInFlight = false;
      if (ar.failed()) {
        LOG.debug("end offsets not known: {}", ar.cause().toString());
        return;
      }
      ar.result().forEach((tp, end) -> {
        Long position = positions.get(tp); // null: revoked meanwhile
        if (position != null && end != null) {
          endKnownAt.merge(tp, now, Math::max);
          if (position >= end) {
            readAllAt.merge(tp, now, Math::max);
          }
        }
      });
      LOG.debug("end offsets {}, positions {}", ar.result(), positions);
    });
  }

  /** Completes when every trace of the batch is decided and the kept ones stored. */
  Future<Void> accept(Batch b) {
    Promise<Void> done = Promise.promise();
    int[] pending = {1}; // one for this call, released at the end
    Runnable settle = () -> {
      if (--pending[0] == 0) {
        done.complete();
      }
    };
    long now = System.nanoTime();
    b.nextOffsets.forEach((tp, next) -> {
      positions.merge(tp, next, Math::max);
      readAt.put(tp, now);
    });
    b.byPartition.forEach((tp, byTenant) -> byTenant.forEach((tenant, spans) -> {
      TailSampler.Added a = sampler.add(tenant, spans, now, 0, tp, settle, b.times.get(tp));
      pending[0] += a.waiting();
      handle(a.early());
      if (!a.keptLate().isEmpty()) {
        pending[0]++;
        store(tenant, a.keptLate()).onSuccess(v -> settle.run());
      }
      if (!a.droppedLate().isEmpty()) {
        pending[0]++;
        writeLinks.apply(tenant, a.droppedLate()).onSuccess(v -> settle.run());
      }
    }));
    // The batch holds offsets only from here on: the spans wait in the sampler.
    b.releaseSpans();
    settle.run();
    return done.future();
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
    positions.keySet().removeAll(tps);
    readAllAt.keySet().removeAll(tps);
    endKnownAt.keySet().removeAll(tps);
    readAt.keySet().removeAll(tps);
    sampler.remove(id -> true, tps::contains).forEach(TailSampler.Decided::settle);
  }

  /** The loop stops: what it buffered is left to the next reader of its partitions (nothing was committed). */
  void stop() {
    vertx.cancelTimer(ticker);
    sampler.remove(id -> true, p -> p instanceof TopicPartition);
  }
}
