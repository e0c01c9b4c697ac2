package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the ingester's partitions are paused, changed only just before a poll: partitions change
 * owner only inside a poll, so the assignment known then is exact (Kafka refuses to pause a partition
 * it no longer assigns). A paused partition fetches nothing while its consumer keeps polling, so the
 * ingester stays in its group and keeps its partitions.
 */
final class Pauses {
  private static final Logger LOG = LoggerFactory.getLogger(Pauses.class);
  private final KafkaReadStream<byte[], byte[]> consumer;
  private final Set<TopicPartition> paused = new HashSet<>();

  Pauses(KafkaReadStream<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  int size() {
    return paused.size();
  }

  /** A newly assigned or revoked partition is not paused. */
  void forget(Set<TopicPartition> tps) {
    paused.removeAll(tps);
  }

  /** Pauses {@code want} and resumes the other assigned partitions; never fails (a failure is logged). */
  Future<Void> apply(Set<TopicPartition> want, Set<TopicPartition> assigned) {
    Set<TopicPartition> target = new HashSet<>(want);
    target.retainAll(assigned);
    Set<TopicPartition> pause = new HashSet<>(target);
    pause.removeAll(paused);
    Set<TopicPartition> resume = new HashSet<>(paused);
    resume.removeAll(target);
    resume.retainAll(assigned);
    paused.clear();
    paused.addAll(target);
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
}
