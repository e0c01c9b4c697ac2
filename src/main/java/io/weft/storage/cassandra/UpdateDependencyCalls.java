package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/**
 * Adds calls parent -> child to a bucket's total and to the second's. Counter updates are not
 * idempotent (a timed-out one may have been applied), so they are never retried.
 */
final class UpdateDependencyCalls {
  static final String BUCKET = "UPDATE %s.dependency_calls SET calls = calls + ? WHERE bucket = ? AND parent = ? "
      + "AND child = ?";
  static final String SECOND = "UPDATE %s.dependency_calls_by_second SET calls = calls + ? WHERE bucket = ? "
      + "AND ts = ? AND parent = ? AND child = ?";

  private final PreparedStatement bucket;
  private final PreparedStatement second;

  UpdateDependencyCalls(PreparedStatement bucket, PreparedStatement second) {
    this.bucket = bucket;
    this.second = second;
  }

  BoundStatement bucket(long bucketStart, String parent, String child, long calls) {
    return bucket.bind(calls, bucketStart, parent, child).setIdempotent(false);
  }

  BoundStatement second(long bucketStart, long epochSecond, String parent, String child, long calls) {
    return second.bind(calls, bucketStart, epochSecond, parent, child).setIdempotent(false);
  }
}
