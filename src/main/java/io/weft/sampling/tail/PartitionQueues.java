package io.weft.sampling.tail;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * When buffered traces are due. Per partition (null: a collector's spans) its traces in arrival order,
 * and, for a Kafka partition, its clock: the newest record timestamp read. A collector's trace is due
 * {@code decision_wait} of wall-clock time after its first span arrived. A trace read from a partition is
 * due once the partition's clock is {@code decision_wait} past the trace's first record (every record
 * produced until then has been read, however slowly), or once the partition was read to its end at a
 * moment {@code decision_wait} after the trace was first read (an idle partition's clock stands still);
 * it is decided early, counted, once the reader is stalled or has long learned nothing of the
 * partition's end. Each partition is scanned on its own, oldest first. Not thread-safe: the sampler's lock.
 */
final class PartitionQueues {
  private final Map<Object, ArrayDeque<BufferedTrace>> queues = new HashMap<>();
  private final Map<Object, Long> clocks = new HashMap<>();

  void append(BufferedTrace t) {
    queues.computeIfAbsent(t.partition, k -> new ArrayDeque<>()).addLast(t);
  }

  /** A read from {@code partition} up to records produced at {@code newestMillis}. */
  void advance(Object partition, long newestMillis) {
    clocks.merge(partition, newestMillis, Math::max);
  }

  /**
   * Takes the due traces out of their queues, each handed to {@code take} with the reason it is decided
   * early (null: on time). {@code reads} null: a collector's traces only (on a node that also ingests, its
   * ingester decides its partitions' traces).
   */
  void due(long nowNanos, long waitMs, PartitionReads reads, BiConsumer<BufferedTrace, String> take) {
    long wait = waitMs * 1_000_000;
    for (Iterator<Map.Entry<Object, ArrayDeque<BufferedTrace>>> qs = queues.entrySet().iterator(); qs.hasNext(); ) {
      Map.Entry<Object, ArrayDeque<BufferedTrace>> q = qs.next();
      Object partition = q.getKey();
      if (reads == null && partition != null) {
        continue;
      }
      long clock = clocks.getOrDefault(partition, BufferedTrace.NO_RECORD_TIME);
      for (BufferedTrace t; (t = q.getValue().peekFirst()) != null; q.getValue().pollFirst()) {
        if (t.gone) {
          continue;
        }
        boolean wallDue = nowNanos - t.firstNanos >= wait;
        boolean recordDue = t.firstRecordMs != BufferedTrace.NO_RECORD_TIME && clock != BufferedTrace.NO_RECORD_TIME
            && clock - t.firstRecordMs >= waitMs;
        String early = null;
        if (partition == null ? !wallDue : !recordDue && !(wallDue && reads.readAll(partition, t.firstNanos + wait))) {
          if (wallDue && reads.stalled(partition)) {
            early = "reader-full";
          } else if (wallDue && reads.endUnknown(partition, t.firstNanos + wait)) {
            early = "end-unknown";
          } else {
            break; // in arrival order: the rest of this partition's traces are younger
          }
        }
        take.accept(t, early);
      }
      if (q.getValue().isEmpty()) {
        qs.remove();
      }
    }
  }

  /** Drops the traces taken out of the buffer otherwise (decided early, removed). */
  void purgeGone() {
    queues.values().forEach(q -> q.removeIf(t -> t.gone));
    queues.values().removeIf(ArrayDeque::isEmpty);
  }

  /** Forgets the clocks of the partitions selected: a partition read again starts anew. */
  void forgetClocks(Predicate<Object> byPartition) {
    clocks.keySet().removeIf(byPartition::test);
  }

  void clear() {
    queues.clear();
  }
}
