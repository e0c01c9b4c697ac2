package io.weft.ingester;

import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaReadStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A replay's reach: per partition, the offsets from the first record at {@code from} to the first
 * at {@code to} (or the end of the partition when the replay starts), found with Kafka's
 * offsetsForTimes. Record timestamps are the collectors' clocks, which may disagree a little, so
 * the offset range is widened by {@link #SKEW_MS} on both sides and each record is then taken
 * only if its own timestamp is in [from, to).
 */
final class ReplayPlan {
  static final long SKEW_MS = 60_000;

  final long fromMs;
  final long toMs;
  final Map<TopicPartition, Long> start = new HashMap<>();
  final Map<TopicPartition, Long> stop = new HashMap<>();
  final Set<TopicPartition> unfinished = new HashSet<>();
  private long records;
  private long spans;
  private long deadLetters;
  private long skipped;

  private ReplayPlan(long fromMs, long toMs) {
    this.fromMs = fromMs;
    this.toMs = toMs;
  }

  static Future<ReplayPlan> prepare(KafkaReadStream<byte[], byte[]> consumer, String topic, Instant from, Instant to) {
    ReplayPlan plan = new ReplayPlan(from.toEpochMilli(), to == null ? Long.MAX_VALUE : to.toEpochMilli());
    return consumer.partitionsFor(topic).compose(infos -> {
      if (infos == null || infos.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("topic " + topic + " has no partitions"));
      }
      Set<TopicPartition> tps = new HashSet<>();
      for (PartitionInfo p : infos) {
        tps.add(new TopicPartition(topic, p.partition()));
      }
      Future<Map<TopicPartition, Long>> ends = consumer.endOffsets(tps);
      Future<Map<TopicPartition, OffsetAndTimestamp>> starts = consumer.offsetsForTimes(at(tps, plan.fromMs - SKEW_MS));
      Future<Map<TopicPartition, OffsetAndTimestamp>> stops = to == null ? Future.succeededFuture(Map.of())
          : consumer.offsetsForTimes(at(tps, plan.toMs + SKEW_MS));
      return Future.all(ends, starts, stops).map(v -> {
        for (TopicPartition tp : tps) {
          long end = ends.result().get(tp);
          long last = offsetOr(stops.result().get(tp), end);
          long first = Math.min(offsetOr(starts.result().get(tp), end), last);
          plan.start.put(tp, first);
          plan.stop.put(tp, last);
          if (first < last) {
            plan.unfinished.add(tp);
          }
        }
        return plan;
      });
    });
  }

  Set<TopicPartition> partitions() {
    return stop.keySet();
  }

  long records() {
    long n = 0;
    for (TopicPartition tp : stop.keySet()) {
      n += stop.get(tp) - start.get(tp);
    }
    return n;
  }

  boolean take(ConsumerRecord<byte[], byte[]> r) {
    Long last = stop.get(new TopicPartition(r.topic(), r.partition()));
    return last != null && r.offset() < last && r.timestamp() >= fromMs && r.timestamp() < toMs;
  }

  /** Partitions whose stop offset was reached are finished. */
  void reached(TopicPartition tp, long nextOffset) {
    Long last = stop.get(tp);
    if (last != null && nextOffset >= last) {
      unfinished.remove(tp);
    }
  }

  /** A batch read: its partitions' positions, and what it took and skipped. */
  void read(Batch b) {
    b.nextOffsets.forEach(this::reached);
    records += b.records - b.skipped;
    skipped += b.skipped;
  }

  /** A batch's spans stored and its poison records dead-lettered. */
  void stored(long batchSpans, int batchDeadLetters) {
    spans += batchSpans;
    deadLetters += batchDeadLetters;
  }

  Summary summary() {
    return new Summary(partitions().size(), records, spans, deadLetters, skipped);
  }

  Set<TopicPartition> finished() {
    Set<TopicPartition> out = new HashSet<>(stop.keySet());
    out.removeAll(unfinished);
    return out;
  }

  private static Map<TopicPartition, Long> at(Set<TopicPartition> tps, long ms) {
    Map<TopicPartition, Long> m = new HashMap<>();
    for (TopicPartition tp : tps) {
      m.put(tp, Math.max(0, ms));
    }
    return m;
  }

  private static long offsetOr(OffsetAndTimestamp o, long fallback) {
    return o == null ? fallback : o.offset();
  }

  /** What a finished replay did. */
  record Summary(int partitions, long records, long spans, long deadLetters, long skipped) {
    @Override
    public String toString() {
      return "replayed " + records + " record(s) from " + partitions + " partition(s): " + spans + " span(s) stored, "
          + deadLetters + " dead-lettered, " + skipped + " outside the time range";
    }
  }
}
