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
import java.util.ArrayList;
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
 * acknowledged. Batches are written concurrently up to a {@link Window}; offsets are committed strictly in
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
  private final Pauses paused;
  private final Lag lag;
  private final Persist persist;
  private final Window window;
  private boolean stopped;
  private long lastIdleCheck;

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
    this.paused = new Pauses(consumer);
    this.window = new Window(settings.maxInFlightBatches(), tailSampler != null);
    this.lag = new Lag(consumer, metrics.lag);
    this.persist = new Persist(vertx, settings.retryBackoffMaxMs(), metrics, () -> stopped, assigned::size);
    if (replay != null) {
      assigned.addAll(replay.partitions());
    }
    this.tail = tailSampler == null ? null : new IngesterTail(vertx, tailSampler,
        // Each tenant's decided traces to its own store (without tenancy: the one tenant's).
        (tenant, spans) -> persist.run(() -> store.of(tenant).write(spans), "storage write of " + spans.size()
            + " spans of kept traces", true),
        // Links only: retried as long as kept traces' writes, but a failure does not pause reading (a trace
        // whose spans stopped coming in would be decided part-read).
        (tenant, spans) -> persist.run(() -> store.of(tenant).writeLinksOnly(spans), "dependency links of "
            + spans.size() + " spans of dropped traces", false),
        metrics, consumer, window::full, tp -> replay != null && !replay.unfinished.contains(tp));
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
    paused.forget(tps); // a newly assigned partition starts unpaused
    metrics.rebalances.increment();
    LOG.info("ingester assigned {} partition(s), now {}", tps.size(), assigned.size());
  }

  void revoked(Set<TopicPartition> tps) {
    assigned.removeAll(tps);
    if (tail != null) {
      // The revoked partitions' buffered traces are dropped undecided for their next reader: no batch
      // read before now may commit those partitions, even if they come back to this ingester.
      window.forget(tps);
      tail.revoked(tps);
    }
    paused.forget(tps);
    lag.revoked(tps);
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
    if (persist.failing() || window.full()) {
      return paused.apply(assigned, assigned);
    }
    return paused.apply(replay != null ? replay.finished() : Set.of(), assigned);
  }

  /**
   * A poll's records: the batch takes its place in the window at once (poll order, the in-flight bound), is
   * decoded on a worker thread (thousands of spans: seconds of a loaded machine's event loop), then
   * written; its offsets are committed once it and every batch before it are stored. Decodes run one at a
   * time in poll order (ordered), so batches reach storage and tail sampling in poll order, as before.
   */
  private void accept(ConsumerRecords<byte[], byte[]> records) {
    Batch b = Batch.read(records, tail != null);
    metrics.records.increment(b.records);
    window.add(b);
    Batch.Filter filter = replay == null ? null : replay::take; // reads the plan's fixed stop offsets only
    vertx.executeBlocking(() -> {
      b.decodeValues(records, filter, tenants);
      return b;
    }, true).onComplete(ar -> {
      if (ar.failed()) {
        // Not a bad record (those are dead-lettered): a bug. The batch stays uncommitted, as when a
        // decode threw on the loop; its records are read again after a restart or rebalance.
        LOG.error("decoding a batch of {} record(s) failed; its offsets will not be committed", b.records,
            ar.cause());
        return;
      }
      store(b);
    });
  }

  /** A decoded batch: its spans to storage (or tail sampling), its poison records to the dead-letter topic. */
  private void store(Batch b) {
    if (stopped) {
      return; // not stored, so not committed: the partitions' next reader reads it again
    }
    if (replay != null) {
      replay.read(b);
    }
    int spans = b.spanCount;
    Future<Void> stored = tail != null ? tail.accept(b) // every batch: the tail follows each partition's position
        : spans == 0 ? Future.succeededFuture()
        : persist.run(() -> b.writeTo(store), "storage write of " + spans + " spans", true);
    Future<Void> dead = b.poison.isEmpty() ? Future.succeededFuture()
        : persist.run(() -> deadLetters.send(b.poison), "dead-letter send of " + b.poison.size() + " record(s)", true);
    Future.all(stored, dead).onSuccess(v -> {
      if (tail == null) {
        metrics.spansWritten.increment(spans); // with tail sampling: the kept spans, as they are written
      }
      metrics.deadLetters.increment(b.poison.size());
      if (replay != null) {
        replay.stored(spans, b.poison.size());
      }
      for (Batch.Poison p : b.poison) {
        LOG.warn("undecodable record {}-{}@{} sent to {}: {}", p.record().topic(), p.record().partition(),
            p.record().offset(), settings.deadLetterTopic(), p.reason());
      }
      b.done = true;
      commitDone();
    });
  }

  /** Commits the offsets of the stored batches at the head of the window, in poll order. */
  private void commitDone() {
    Map<TopicPartition, OffsetAndMetadata> offsets = window.takeDone(assigned);
    if (!offsets.isEmpty()) {
      consumer.commit(offsets)
          .onSuccess(v -> {
            metrics.commits.increment();
            offsets.forEach((tp, o) -> lag.committed(tp, o.offset()));
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
      replayDone.complete(replay.summary());
    }
  }

  /** Lag: records on the assigned partitions not stored yet ({@link Lag}). */
  void refreshLag() {
    lag.refresh(assigned);
  }
}
