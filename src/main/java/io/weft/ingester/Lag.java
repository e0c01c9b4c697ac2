package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The ingester's lag: records on its assigned partitions past the offset it committed, or, before
 * its first commit of a partition, past the group's committed offset (a predecessor's, so records read
 * but not yet stored here count), else the position (a new group). On the loop's context.
 */
final class Lag {
  private final KafkaReadStream<byte[], byte[]> consumer;
  private final AtomicLong gauge;
  /** Per partition, the highest offset this ingester committed. */
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  Lag(KafkaReadStream<byte[], byte[]> consumer, AtomicLong gauge) {
    this.consumer = consumer;
    this.gauge = gauge;
  }

  void committed(TopicPartition tp, long offset) {
    committed.merge(tp, offset, Math::max);
  }

  void revoked(Set<TopicPartition> tps) {
    committed.keySet().removeAll(tps);
  }

  void refresh(Set<TopicPartition> assigned) {
    if (assigned.isEmpty()) {
      gauge.set(0);
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
        gauge.set(sum);
      });
    });
  }

  private Future<Long> groupCommitted(TopicPartition tp) {
    return consumer.committed(tp).compose(o -> o != null ? Future.succeededFuture(o.offset()) : consumer.position(tp));
  }
}
