package io.weft.ingester;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The batches read and not yet committed, in poll order: a batch's offsets are committed only once it
 * and every batch before it are stored, so a commit never covers a record that is not stored yet.
 * Bounded in batches and in bytes (records are up to 512 KiB). On the loop's context.
 */
final class Window {
  static final long MAX_BYTES = 64L << 20;
  /** With tail sampling a batch waits for its traces' decisions: the bound is the bytes, not the batches. */
  private static final int MAX_TAIL_BATCHES = 100_000;
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private final int maxBatches;
  private long bytes;

  /** {@code tail}: batches wait for tail-sampling decisions. */
  Window(int maxInFlightBatches, boolean tail) {
    this.maxBatches = tail ? MAX_TAIL_BATCHES : maxInFlightBatches;
  }

  int size() {
    return batches.size();
  }

  boolean isEmpty() {
    return batches.isEmpty();
  }

  boolean full() {
    return batches.size() >= maxBatches || bytes >= MAX_BYTES;
  }

  void add(Batch b) {
    batches.addLast(b);
    bytes += b.bytes;
  }

  /** No batch read before now commits these partitions (revoked: their next reader reads them again). */
  void forget(Set<TopicPartition> tps) {
    for (Batch b : batches) {
      b.nextOffsets.keySet().removeAll(tps);
    }
  }

  /** Takes the done batches at the head; the offsets to commit for those of {@code assigned}. */
  Map<TopicPartition, OffsetAndMetadata> takeDone(Set<TopicPartition> assigned) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    while (!batches.isEmpty() && batches.peekFirst().done) {
      Batch b = batches.pollFirst();
      bytes -= b.bytes;
      b.nextOffsets.forEach((tp, next) -> {
        if (assigned.contains(tp)) {
          offsets.merge(tp, new OffsetAndMetadata(next), (x, y) -> x.offset() >= y.offset() ? x : y);
        }
      });
    }
    return offsets;
  }
}
