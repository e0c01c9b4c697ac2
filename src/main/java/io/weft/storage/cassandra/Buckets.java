package io.weft.storage.cassandra;

/**
 * Time buckets of the index partitions. A bucket is named by its start in epoch seconds, so the
 * value in a partition key reads as a time in cqlsh and stays meaningful if the size changes
 * (data written with a size the new one divides is still found).
 */
public record Buckets(long seconds) {

  /** The bucket (start, epoch seconds) holding a time in microseconds. */
  public long of(long micros) {
    return Math.floorDiv(Math.floorDiv(micros, 1_000_000L), seconds) * seconds;
  }

  /** Microseconds at which a bucket starts. */
  public long startMicros(long bucket) {
    return bucket * 1_000_000L;
  }

  /** Microseconds of the last instant inside a bucket. */
  public long endMicros(long bucket) {
    return (bucket + seconds) * 1_000_000L - 1;
  }
}
