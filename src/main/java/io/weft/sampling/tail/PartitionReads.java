package io.weft.sampling.tail;

/**
 * What the reader of log partitions (an ingester's Kafka partitions) knows of them, for the decisions
 * of {@link TailSampler#due(long, PartitionReads)}: a partition's clock stands still while nothing is
 * produced, so a trace whose wall-clock wait is over is also due once its partition was read to its end.
 */
public interface PartitionReads {
  /** Every partition counts as read to its end: decisions on the wall clock alone. */
  PartitionReads WALL_CLOCK = new PartitionReads() {
    @Override
    public boolean readAll(Object partition, long sinceNanos) {
      return true;
    }

    @Override
    public boolean stalled(Object partition) {
      return false;
    }

    @Override
    public boolean endUnknown(Object partition, long sinceNanos) {
      return false;
    }
  };

  /** Whether, at a moment at or after {@code sinceNanos} ({@link System#nanoTime()}), nothing was left to read. */
  boolean readAll(Object partition, long sinceNanos);

  /**
   * Whether the reader reads no further from the partition until decisions free room (its batches
   * waiting on decisions fill its window): its traces are then decided on the wall clock, counted early.
   */
  boolean stalled(Object partition);

  /**
   * Whether the reader has learned nothing of the partition's end since {@code sinceNanos} for too long
   * (its end offsets cannot be fetched): its traces are then decided on the wall clock, counted early,
   * so that no trace waits forever.
   */
  boolean endUnknown(Object partition, long sinceNanos);
}
