package io.weft.ingester;

import io.weft.sampling.tail.PartitionReads;
import java.util.Map;
import java.util.Set;

/**
 * What an ingester knew of its partitions' reads at one moment ({@link IngesterTail}'s maps, copied on its
 * loop: a few entries per partition), for {@link io.weft.sampling.tail.TailSampler#due} on a worker thread
 * while the loop reads on. A copy a few milliseconds old decides as the loop would have then.
 *
 * @param readAllAt per partition, the latest moment (nanoTime) an end-offsets request found it read to its end
 * @param endKnownAt per partition, the latest moment an end-offsets request was answered for it
 * @param readAt per partition, the latest moment a batch holding its records was buffered
 * @param finished the partitions a replay read to its stop offset
 * @param endUnknownNanos how long a partition whose end is unknown may stay unread, past a trace's wall-clock
 *     wait, before the trace is decided
 */
record PartitionReadsAsOf(Map<Object, Long> readAllAt, Map<Object, Long> endKnownAt, Map<Object, Long> readAt,
    Set<Object> finished, boolean windowFull, long endUnknownNanos) implements PartitionReads {

  @Override
  public boolean readAll(Object partition, long sinceNanos) {
    Long at = readAllAt.get(partition);
    return at != null && at - sinceNanos >= 0 || finished.contains(partition);
  }

  @Override
  public boolean stalled(Object partition) {
    return windowFull;
  }

  /**
   * No end offset answered for the partition since {@code sinceNanos}, and nothing read from it for another
   * decision_wait (the broker answers neither): a bounded wait, not an endless one. A partition still read
   * from waits for its clock.
   */
  @Override
  public boolean endUnknown(Object partition, long sinceNanos) {
    Long known = endKnownAt.get(partition);
    if (known != null && known - sinceNanos >= 0) {
      return false;
    }
    long quietSince = sinceNanos;
    Long read = readAt.get(partition);
    if (read != null && read - quietSince > 0) {
      quietSince = read;
    }
    return System.nanoTime() - quietSince >= endUnknownNanos;
  }
}
