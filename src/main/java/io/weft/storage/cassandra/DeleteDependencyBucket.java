package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/**
 * Drops an expired bucket of both counter tables. Counters cannot have a TTL; a bucket is never
 * written again once older than the TTL (such traces are not counted), so deleting it is safe.
 */
final class DeleteDependencyBucket {
  static final String BUCKET = "DELETE FROM %s.dependency_calls WHERE bucket = ?";
  static final String SECOND = "DELETE FROM %s.dependency_calls_by_second WHERE bucket = ?";

  private final PreparedStatement bucket;
  private final PreparedStatement second;

  DeleteDependencyBucket(PreparedStatement bucket, PreparedStatement second) {
    this.bucket = bucket;
    this.second = second;
  }

  BoundStatement bucket(long bucketStart) {
    return bucket.bind(bucketStart).setIdempotent(true);
  }

  BoundStatement second(long bucketStart) {
    return second.bind(bucketStart).setIdempotent(true);
  }
}
