package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/** A whole bucket's call counts, or those of some seconds of a bucket (the ends of a window). */
final class SelectDependencyCalls {
  static final String BUCKET = "SELECT parent, child, calls FROM %s.dependency_calls WHERE bucket = ?";
  static final String SECONDS = "SELECT parent, child, calls FROM %s.dependency_calls_by_second WHERE bucket = ? "
      + "AND ts >= ? AND ts <= ?";

  private final PreparedStatement bucket;
  private final PreparedStatement seconds;

  SelectDependencyCalls(PreparedStatement bucket, PreparedStatement seconds) {
    this.bucket = bucket;
    this.seconds = seconds;
  }

  BoundStatement bucket(long bucketStart) {
    return bucket.bind(bucketStart).setIdempotent(true);
  }

  BoundStatement seconds(long bucketStart, long fromSecond, long toSecond) {
    return seconds.bind(bucketStart, fromSecond, toSecond).setIdempotent(true);
  }
}
