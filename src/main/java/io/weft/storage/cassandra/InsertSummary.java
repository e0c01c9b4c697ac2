package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.weft.storage.cassandra.SummaryRows.Key;
import io.weft.storage.cassandra.SummaryRows.Summary;

/** A row of {@code trace_summary}. */
final class InsertSummary {
  static final String CQL = "INSERT INTO %s.trace_summary (service_name, bucket, start_time, trace_id, chunk_id, "
      + "operations, tags, min_duration, max_duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";

  private final PreparedStatement insert;

  InsertSummary(PreparedStatement insert) {
    this.insert = insert;
  }

  BoundStatement bind(Key k, Summary row, int ttlSeconds) {
    // Encoded here by their known types (CqlValues says why).
    return insert.boundStatementBuilder()
        .setBytesUnsafe(0, CqlValues.text(k.service())).setBytesUnsafe(1, CqlValues.bigint(k.bucket()))
        .setBytesUnsafe(2, CqlValues.bigint(row.start)).setBytesUnsafe(3, Blobs.of(k.traceId()))
        .setBytesUnsafe(4, CqlValues.bigint(row.contentHash()))
        .setBytesUnsafe(5, CqlValues.textSet(row.operations)).setBytesUnsafe(6, CqlValues.textSet(row.tags))
        .setBytesUnsafe(7, CqlValues.bigint(row.minDuration)).setBytesUnsafe(8, CqlValues.bigint(row.maxDuration))
        .setBytesUnsafe(9, CqlValues.integer(ttlSeconds))
        .setIdempotence(true).build();
  }
}
