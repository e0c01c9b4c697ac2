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
    return insert.boundStatementBuilder()
        .setString(0, k.service()).setLong(1, k.bucket()).setLong(2, row.start)
        .setByteBuffer(3, Blobs.of(k.traceId())).setLong(4, row.contentHash())
        .setSet(5, row.operations, String.class).setSet(6, row.tags, String.class)
        .setLong(7, row.minDuration).setLong(8, row.maxDuration).setInt(9, ttlSeconds)
        .setIdempotence(true).build();
  }
}
