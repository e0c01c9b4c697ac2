package io.weft.spanmetrics.flush;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import io.weft.kafka.KafkaClients;
import io.weft.kafka.KafkaSettings;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.DeltaCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With the ingester role: reads collectors' span-metrics flushes from their topic and writes them
 * to the store (through {@code sink}), committing once written. A failed write is tried again (the
 * store takes a flush once however often it is written); an undecodable record is logged and skipped.
 */
public final class MetricsTopicConsumer extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsTopicConsumer.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaSettings kafka;
  private final String groupId;
  private final SeriesSink sink;
  private KafkaReadStream<byte[], byte[]> consumer;
  private volatile boolean stopped;

  public MetricsTopicConsumer(KafkaSettings kafka, String ingesterGroup, SeriesSink sink) {
    this.kafka = kafka;
    this.groupId = ingesterGroup + "-metrics";
    this.sink = sink;
  }

  @Override
  public Future<?> start() {
    String topic = KafkaSeriesSink.topic(kafka);
    return KafkaSeriesSink.ensureTopic(vertx, kafka)
        .compose(v -> KafkaClients.consumer(vertx, kafka.consumer(groupId, 100)))
        .compose(c -> {
          consumer = c;
          return c.subscribe(Set.of(topic));
        })
        .onSuccess(v -> {
          LOG.info("span metrics: consuming {} as group {}", topic, groupId);
          poll();
        });
  }

  private void poll() {
    if (stopped) {
      return;
    }
    consumer.poll(POLL).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        vertx.setTimer(1000, t -> poll());
        return;
      }
      ConsumerRecords<byte[], byte[]> records = ar.result();
      if (records == null || records.isEmpty()) {
        poll();
        return;
      }
      List<Delta> deltas = new ArrayList<>();
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        try {
          deltas.add(DeltaCodec.decode(r.value()));
        } catch (IllegalArgumentException e) {
          LOG.warn("span metrics: skipped undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
              e.getMessage());
        }
      }
      writeAll(deltas, 0).compose(v -> stopped ? Future.succeededFuture() : consumer.commit(offsets).mapEmpty())
          .onComplete(done -> poll());
    });
  }

  /** Writes in order; a failure waits a second and tries the same flush again, until written or stopped. */
  private Future<Void> writeAll(List<Delta> deltas, int i) {
    if (i >= deltas.size() || stopped) {
      return Future.succeededFuture();
    }
    return sink.write(deltas.get(i)).recover(err -> {
      LOG.warn("span metrics: writing flush {} failed, trying again: {}", deltas.get(i).id(), err.toString());
      return vertx.timer(1000).compose(t -> stopped ? Future.failedFuture(err) : sink.write(deltas.get(i)));
    }).compose(v -> writeAll(deltas, i + 1), err -> writeAll(deltas, i));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }
}
