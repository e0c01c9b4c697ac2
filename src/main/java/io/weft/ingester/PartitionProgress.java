package io.weft.ingester;

import io.vertx.kafka.client.consumer.KafkaReadStream;
import io.weft.sampling.tail.PartitionReads;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the ingester's loop knows of reading its partitions, for tail sampling's decisions in record time
 * ({@link IngesterTail}): each partition's position (of the records buffered), when a batch of it was last
 * buffered, and what end-offsets requests, sent now and then, found. On the loop; {@link #asOf} copies it
 * for a worker's decisions.
 */
final class PartitionProgress {
  private static final Logger LOG = LoggerFactory.getLogger(IngesterTail.class);
  private final KafkaReadStream<byte[], byte[]> consumer;
  private final long endCheckNanos;
  /** Per partition read here, the offset after the last record buffered: the consumer's position. */
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  /** Per partition, the latest moment (nanoTime) at which an end-offsets request found it read to its end. */
  private final Map<TopicPartition, Long> readAllAt = new HashMap<>();
  /** Per partition, the latest moment (nanoTime) at which an end-offsets request was answered for it. */
  private final Map<TopicPartition, Long> endKnownAt = new HashMap<>();
  /** Per partition, the latest moment (nanoTime) a batch holding its records was buffered. */
  private final Map<TopicPartition, Long> readAt = new HashMap<>();
  private long lastEndCheck;
  private boolean endCheckInFlight;

  PartitionProgress(KafkaReadStream<byte[], byte[]> consumer, long endCheckNanos) {
    this.consumer = consumer;
    this.endCheckNanos = endCheckNanos;
    this.lastEndCheck = System.nanoTime() - endCheckNanos; // nanoTime may be of any sign: no MIN_VALUE sentinel
  }

  /** A batch with these next offsets was buffered, as read at {@code nowNanos}. */
  void read(Map<TopicPartition, Long> nextOffsets, long nowNanos) {
    nextOffsets.forEach((tp, next) -> {
      positions.merge(tp, next, Math::max);
      readAt.put(tp, nowNanos);
    });
  }

  void revoked(Set<TopicPartition> tps) {
    positions.keySet().removeAll(tps);
    readAllAt.keySet().removeAll(tps);
    endKnownAt.keySet().removeAll(tps);
    readAt.keySet().removeAll(tps);
  }

  /**
   * What is known now, copied for {@link io.weft.sampling.tail.TailSampler#due} on a worker: {@code finished}
   * tells a replay's partitions read to their stop offset, {@code windowFull} that the loop reads no further.
   */
  PartitionReads asOf(Predicate<TopicPartition> finished, boolean windowFull, long endUnknownNanos) {
    Set<Object> done = new HashSet<>();
    for (TopicPartition tp : readAt.keySet()) {
      if (finished.test(tp)) {
        done.add(tp);
      }
    }
    return new PartitionReadsAsOf(new HashMap<>(readAllAt), new HashMap<>(endKnownAt), new HashMap<>(readAt), done,
        windowFull, endUnknownNanos);
  }

  /**
   * Asks the end offsets of the partitions read, unless asked lately: those whose position reached it were
   * read to their end as of {@code now}.
   */
  void checkEnds(long now) {
    if (positions.isEmpty() || endCheckInFlight || now - lastEndCheck < endCheckNanos) {
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
}
