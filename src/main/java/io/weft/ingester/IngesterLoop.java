package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import io.weft.model.Span;
import io.weft.sampling.tail.TailSampler;
import io.weft.storage.SpanWriter;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenantResolver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's consume loop, all on one Vert.x context: poll, decode a batch, write it to
 * storage (and undecodable records to the dead-letter topic), and commit its offsets once both
 * acknowledged. Batches are written concurrently up to a window; offsets are committed strictly in
 * poll order, so a commit never covers a record that is not stored yet.
 *
 * <p>While a write fails it is retried with backoff, and every assigned partition is paused (as
 * when the window is full): the consumer keeps polling, so it stays in its group and keeps its
 * partitions, but fetches nothing, and memory stays bounded by the window. Pause and resume are
 * issued only just before a poll: partitions change owner only inside a poll, so the assignment
 * this loop knows is then exact (Kafka refuses to pause a partition it no longer assigns).
 *
 * <p>Rebalancing is Kafka's: the loop only tracks what it was assigned. After a rebalance another
 * ingester may store again the records of batches in flight here; storing a span twice is harmless.
 */
final class IngesterLoop {
  private static final Logger LOG = LoggerFactory.getLogger(IngesterLoop.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  /** Records are small (a trace each), but up to 512 KiB: the window is bounded in bytes too. */
  private static final long MAX_IN_FLIGHT_BYTES = 64L << 20;
  private static final int MAX_TAIL_BATCHES = 100_000;

  private final Vertx vertx;
  private final KafkaReadStream<byte[], byte[]> consumer;
  private final PerTenant<SpanWriter> store;
  private final TenantResolver tenants;
  private final DeadLetters deadLetters;
  private final IngesterSettings settings;
  private final IngesterMetrics metrics;
  private final ReplayPlan replay;
  private final IngesterTail tail;
  private final Promise<ReplayPlan.Summary> replayDone = Promise.promise();

  private final Set<TopicPartition> assigned = new HashSet<>();
  private final Set<TopicPartition> paused = new HashSet<>();
  private final ArrayDeque<Batch> window = new ArrayDeque<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private int failing;
  private long windowBytes;
  private boolean stopped;
  private long lastIdleCheck;
  private long replayRecords;
  private long replaySpans;
  private long replayDeadLetters;
  private long replaySkipped;

  IngesterLoop(Vertx vertx, KafkaReadStream<byte[], byte[]> consumer, PerTenant<SpanWriter> store,
      TenantResolver tenants, DeadLetters deadLetters, IngesterSettings settings, IngesterMetrics metrics,
      ReplayPlan replay, TailSampler tailSampler) {
    this.vertx = vertx;
    this.tenants = tenants;
    this.consumer = consumer;
    this.store = store;
    this.deadLetters = deadLetters;
    this.settings = settings;
    this.metrics = metrics;
    this.replay = replay;
    if (replay != null) {
      assigned.addAll(replay.partitions());
    }
    this.tail = tailSampler == null ? null : new IngesterTail(vertx, tailSampler,
        // Each tenant's decided traces to its own store (without tenancy: the one tenant's).
        (tenant, spans) -> persist(() -> store.of(tenant).write(spans), "storage write of " + spans.size()
            + " spans of kept traces"),
        // Links only: retried as long as kept traces' writes, but a failure does not pause reading (a trace
        // whose spans stopped coming in would be decided part-read).
        (tenant, spans) -> persist(() -> store.of(tenant).writeLinksOnly(spans), "dependency links of "
            + spans.size() + " spans of dropped traces", false),
        metrics, consumer, this::windowFull, tp -> replay != null && !replay.unfinished.contains(tp));
  }

  void start() {
    if (tail != null) {
      tail.start();
    }
    pollNext();
  }

  void stop() {
    stopped = true;
    if (tail != null) {
      tail.stop();
    }
  }

  Future<ReplayPlan.Summary> replayDone() {
    return replayDone.future();
  }

  void assigned(Set<TopicPartition> tps) {
    assigned.addAll(tps);
    paused.removeAll(tps); // a newly assigned partition starts unpaused
    metrics.rebalances.increment();
    LOG.info("ingester assigned {} partition(s), now {}", tps.size(), assigned.size());
  }

  void revoked(Set<TopicPartition> tps) {
    assigned.removeAll(tps);
    if (tail != null) {
      // The revoked partitions' buffered traces are dropped undecided for their next reader: no batch
      // read before now may commit those partitions, even if they come back to this ingester.
      for (Batch b : window) {
        b.nextOffsets.keySet().removeAll(tps);
      }
      tail.revoked(tps);
    }
    paused.removeAll(tps);
    for (TopicPartition tp : tps) {
      committed.remove(tp);
    }
    LOG.info("ingester gave up {} partition(s), now {}", tps.size(), assigned.size());
  }

  int inFlightBatches() {
    return window.size();
  }

  int pausedPartitions() {
    return paused.size();
  }

  int assignedPartitions() {
    return assigned.size();
  }

  private void pollNext() {
    if (stopped) {
      return;
    }
    applyPause().transform(v -> consumer.poll(POLL_TIMEOUT)).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        LOG.warn("Kafka poll failed, trying again in 1 s: {}", ar.cause().toString());
        vertx.setTimer(1000, t -> pollNext());
        return;
      }
      ConsumerRecords<byte[], byte[]> records = ar.result();
      if (records != null && !records.isEmpty()) {
        accept(records);
      } else if (replay != null) {
        checkReplayPositions();
      }
      pollNext();
    });
  }

  /** Pauses every partition while a write fails or the window is full; a replay also its finished ones. */
  private Future<Void> applyPause() {
    Set<TopicPartition> want = new HashSet<>();
    // With tail sampling a batch stays in the window until its traces are decided (decision_wait): the
    // window is bounded by its bytes (and the sampler by its own limits), not by its batch count.
    boolean full = tail == null ? window.size() >= settings.maxInFlightBatches() : windowFull();
    if (failing > 0 || full || windowBytes >= MAX_IN_FLIGHT_BYTES) {
      want.addAll(assigned);
    } else if (replay != null) {
      want.addAll(replay.finished());
    }
    want.retainAll(assigned);
    Set<TopicPartition> pause = new HashSet<>(want);
    pause.removeAll(paused);
    Set<TopicPartition> resume = new HashSet<>(paused);
    resume.removeAll(want);
    resume.retainAll(assigned);
    paused.clear();
    paused.addAll(want);
    List<Future<Void>> ops = new ArrayList<>(2);
    if (!pause.isEmpty()) {
      ops.add(consumer.pause(pause));
    }
    if (!resume.isEmpty()) {
      ops.add(consumer.resume(resume));
    }
    return ops.isEmpty() ? Future.succeededFuture() : Future.join(ops).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("cannot pause/resume partitions: {}", ar.cause().toString());
      }
      return Future.succeededFuture();
    });
  }

  /** With tail sampling: nothing more is read until batches waiting on decisions complete. */
  private boolean windowFull() {
    return window.size() >= MAX_TAIL_BATCHES || windowBytes >= MAX_IN_FLIGHT_BYTES;
  }

  private void accept(ConsumerRecords<byte[], byte[]> records) {
    Batch b = Batch.decode(records, replay == null ? null : replay::take, tenants, tail != null);
    metrics.records.increment(b.records);
    b.nextOffsets.forEach((tp, next) -> {
      if (replay != null) {
        replay.reached(tp, next);
      }
    });
    replayRecords += b.records - b.skipped;
    replaySkipped += b.skipped;
    window.addLast(b);
    windowBytes += b.bytes;
    int spans = b.spanCount;
    Future<Void> stored = tail != null ? tail.accept(b) // every batch: the tail follows each partition's position
        : spans == 0 ? Future.succeededFuture()
        : persist(() -> b.writeTo(store), "storage write of " + spans + " spans");
    Future<Void> dead = b.poison.isEmpty() ? Future.succeededFuture()
        : persist(() -> deadLetters.send(b.poison), "dead-letter send of " + b.poison.size() + " record(s)");
    Future.all(stored, dead).onSuccess(v -> {
      if (tail == null) {
        metrics.spansWritten.increment(spans); // with tail sampling: the kept spans, as they are written
      }
      metrics.deadLetters.increment(b.poison.size());
      replaySpans += spans;
      replayDeadLetters += b.poison.size();
      for (Batch.Poison p : b.poison) {
        LOG.warn("undecodable record {}-{}@{} sent to {}: {}", p.record().topic(), p.record().partition(),
            p.record().offset(), settings.deadLetterTopic(), p.reason());
      }
      b.done = true;
      commitDone();
    });
  }

  private Future<Void> persist(java.util.function.Supplier<Future<Void>> op, String what) {
    return persist(op, what, true);
  }

  /** With {@code pausing}, reading pauses while the operation fails. */
  private Future<Void> persist(java.util.function.Supplier<Future<Void>> op, String what, boolean pausing) {
    return Retry.untilDone(vertx, op, settings.retryBackoffMaxMs(), () -> stopped, new Retry.Listener() {
      @Override
      public void failed(int attempt, Throwable err) {
        metrics.writeFailures.increment();
        if (attempt == 1 && !pausing) {
          LOG.warn("{} failed, retrying: {}", what, err.toString());
        } else if (attempt == 1) {
          failing++;
          LOG.warn("{} failed, pausing {} partition(s) and retrying: {}", what, assigned.size(), err.toString());
        } else if (Long.bitCount(attempt) == 1) { // 2, 4, 8, ...: a log line that does not flood
          LOG.warn("{} failed {} times, still retrying: {}", what, attempt, err.toString());
        }
      }

      @Override
      public void recovered(int failedAttempts) {
        if (pausing) {
          failing--;
        }
        LOG.info("{} succeeded after {} failed attempt(s); resuming", what, failedAttempts);
      }
    });
  }

  /** Commits the offsets of the stored batches at the head of the window, in poll order. */
  private void commitDone() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    while (!window.isEmpty() && window.peekFirst().done) {
      Batch b = window.pollFirst();
      windowBytes -= b.bytes;
      b.nextOffsets.forEach((tp, next) -> {
        if (assigned.contains(tp)) {
          offsets.merge(tp, new OffsetAndMetadata(next), (x, y) -> x.offset() >= y.offset() ? x : y);
        }
      });
    }
    if (!offsets.isEmpty()) {
      consumer.commit(offsets)
          .onSuccess(v -> {
            metrics.commits.increment();
            offsets.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
          })
          .onFailure(err -> {
            metrics.commitFailures.increment();
            LOG.info("offset commit failed (a rebalance?); those records will be stored again: {}", err.toString());
          })
          .onComplete(ar -> checkReplayDone());
    } else {
      checkReplayDone();
    }
  }

  /** Idle replay: a partition whose position passed its stop offset (records gone, say) is finished. */
  private void checkReplayPositions() {
    long now = System.currentTimeMillis();
    if (replay.unfinished.isEmpty() || now - lastIdleCheck < 1000) {
      checkReplayDone();
      return;
    }
    lastIdleCheck = now;
    for (TopicPartition tp : new ArrayList<>(replay.unfinished)) {
      consumer.position(tp).onSuccess(p -> replay.reached(tp, p));
    }
  }

  private void checkReplayDone() {
    if (replay != null && replay.unfinished.isEmpty() && window.isEmpty() && !replayDone.future().isComplete()) {
      replayDone.complete(new ReplayPlan.Summary(replay.partitions().size(), replayRecords, replaySpans,
          replayDeadLetters, replaySkipped));
    }
  }

  /**
   * A partition this ingester has not committed yet: the group's committed offset (a predecessor's, so
   * records read but not yet stored here count as lag), else its position (a new group).
   */
  private Future<Long> groupCommitted(TopicPartition tp) {
    return consumer.committed(tp).compose(o -> o != null ? Future.succeededFuture(o.offset()) : consumer.position(tp));
  }

  /** Lag: records on the assigned partitions past the committed offset (the group's, before this ingester's first commit). */
  void refreshLag() {
    if (assigned.isEmpty()) {
      metrics.lag.set(0);
      return;
    }
    Set<TopicPartition> tps = new HashSet<>(assigned);
    consumer.endOffsets(tps).onSuccess(ends -> {
      List<Future<Long>> bases = new ArrayList<>();
      List<Long> endsInOrder = new ArrayList<>();
      for (TopicPartition tp : tps) {
        Long end = ends.get(tp);
        if (end == null) {
          continue;
        }
        bases.add(committed.containsKey(tp) ? Future.succeededFuture(committed.get(tp)) : groupCommitted(tp));
        endsInOrder.add(end);
      }
      Future.join(bases).onComplete(ar -> {
        long sum = 0;
        for (int i = 0; i < bases.size(); i++) {
          if (bases.get(i).succeeded()) {
            sum += Math.max(0, endsInOrder.get(i) - bases.get(i).result());
          }
        }
        metrics.lag.set(sum);
      });
    });
  }
}
