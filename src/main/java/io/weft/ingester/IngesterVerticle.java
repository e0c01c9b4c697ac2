package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import io.weft.kafka.KafkaClients;
import io.weft.kafka.KafkaSettings;
import io.weft.kafka.KafkaTopics;
import io.weft.metrics.WeftMetrics;
import io.weft.sampling.tail.TailSampler;
import io.weft.storage.SpanWriter;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenantResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester role: reads span records from Kafka as a member of a consumer group and stores
 * them ({@link IngesterLoop}). Ingesters of one group share the topic's partitions; Kafka moves
 * partitions when one joins or leaves. With a replay time range it instead reads that range once,
 * under a group of its own, and then stops consuming ({@link #replayDone()}).
 */
public final class IngesterVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(IngesterVerticle.class);
  private static final long LAG_INTERVAL_MS = 5000;

  private final IngesterSettings settings;
  private final KafkaSettings kafka;
  private final PerTenant<SpanWriter> store;
  private final TenantResolver tenants;
  private final WeftMetrics weftMetrics;
  private final TailSampler tail;
  private final Promise<String> replayDone = Promise.promise();
  private KafkaReadStream<byte[], byte[]> consumer;
  private DeadLetters deadLetters;
  private volatile IngesterLoop loop;
  private IngesterMetrics metrics;
  private long timer = -1;

  public IngesterVerticle(IngesterSettings settings, KafkaSettings kafka, SpanWriter store, WeftMetrics metrics) {
    this(settings, kafka, PerTenant.same(store), TenantResolver.disabled(), metrics, null);
  }

  /**
   * Stores each record's spans with its tenant's writer ({@code tenants} checks the record's tenant header);
   * with {@code tail} (may be null), the ingester decides traces by the tail-sampling
   * policies before storing.
   */
  public IngesterVerticle(IngesterSettings settings, KafkaSettings kafka, PerTenant<SpanWriter> store,
      TenantResolver tenants, WeftMetrics metrics, TailSampler tail) {
    this.tenants = tenants;
    this.tail = tail;
    this.settings = settings;
    this.kafka = kafka;
    this.store = store;
    this.weftMetrics = metrics;
  }

  @Override
  public Future<?> start() {
    String group = settings.replay() ? settings.replayGroupId() : settings.groupId();
    return KafkaTopics.ensure(vertx, kafka, List.of(KafkaTopics.spans(kafka),
            KafkaTopics.topic(kafka, settings.deadLetterTopic(), 1)))
        .compose(v -> KafkaClients.producer(vertx, kafka.producer("weft-dead-letters")))
        .compose(p -> {
          deadLetters = new DeadLetters(p, settings.deadLetterTopic());
          return KafkaClients.consumer(vertx, kafka.consumer(group, settings.batchRecords()));
        })
        .compose(c -> {
          consumer = c;
          return settings.replay() ? startReplay() : startLive();
        })
        .onSuccess(v -> timer = vertx.setPeriodic(LAG_INTERVAL_MS, new RateSampler()::sample));
  }

  private Future<Void> startLive() {
    loop = newLoop(null);
    consumer.partitionsAssignedHandler(loop::assigned);
    consumer.partitionsRevokedHandler(loop::revoked);
    return consumer.subscribe(Set.of(kafka.topic())).onSuccess(v -> {
      LOG.info("ingester consuming {} as group {}", kafka.topic(), settings.groupId());
      loop.start();
    });
  }

  private Future<Void> startReplay() {
    return ReplayPlan.prepare(consumer, kafka.topic(), settings.replayFrom(), settings.replayTo())
        .compose(plan -> consumer.assign(plan.partitions()).compose(v -> {
          List<Future<Void>> seeks = new ArrayList<>();
          for (TopicPartition tp : plan.partitions()) {
            seeks.add(consumer.seek(tp, plan.start.get(tp)));
          }
          return Future.all(seeks);
        }).map(v -> plan))
        .map(plan -> {
          LOG.info("replaying {} from {} to {}: up to {} record(s) in {} partition(s), group {}", kafka.topic(),
              settings.replayFrom(), settings.replayTo() == null ? "the end" : settings.replayTo(), plan.records(),
              plan.partitions().size(), settings.replayGroupId());
          loop = newLoop(plan);
          loop.replayDone().onSuccess(summary -> {
            LOG.info("{}", summary);
            loop.stop();
            replayDone.tryComplete(summary.toString());
          });
          loop.start();
          return null;
        });
  }

  private IngesterLoop newLoop(ReplayPlan plan) {
    // Gauges read the loop's sizes from the scrape thread: plain int reads, at worst a moment stale.
    metrics = new IngesterMetrics(weftMetrics, () -> loop == null ? 0 : loop.inFlightBatches(),
        () -> loop == null ? 0 : loop.pausedPartitions(), () -> loop == null ? 0 : loop.assignedPartitions());
    return new IngesterLoop(vertx, consumer, store, tenants, deadLetters, settings, metrics, plan, tail);
  }

  /** Every interval: the lag, and the write rate from the stored-spans counter. */
  private final class RateSampler {
    private double lastSpans;
    private long lastAt = System.nanoTime();

    void sample(long timerId) {
      loop.refreshLag();
      double spans = metrics.spansWritten.count();
      long now = System.nanoTime();
      metrics.writeRate.set(Math.round((spans - lastSpans) * 1e9 / Math.max(1, now - lastAt)));
      lastSpans = spans;
      lastAt = now;
    }
  }

  /** Completes with a summary line when a replay has stored its whole range. */
  public Future<String> replayDone() {
    return replayDone.future();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (loop != null) {
      loop.stop();
    }
    replayDone.tryFail("ingester stopped");
    List<Future<Void>> closing = new ArrayList<>();
    if (consumer != null) {
      closing.add(consumer.close());
    }
    if (deadLetters != null) {
      closing.add(deadLetters.close());
    }
    return Future.join(closing);
  }
}
