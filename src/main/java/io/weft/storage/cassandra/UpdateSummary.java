package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.weft.storage.cassandra.SummaryRows.Key;
import io.weft.storage.cassandra.SummaryRows.Summary;
import java.nio.ByteBuffer;

/**
 * A row of {@code trace_summary}, written as an UPDATE adding to its sets: an INSERT of a
 * non-frozen set first deletes the column (a tombstone per set per row, in the memtable, the
 * commit log and every SSTable until compaction), an addition does not. Still idempotent: the row
 * is keyed by a hash of its content, so a replay adds the same elements and sets the same values.
 * Every cell carries the TTL (no row marker: the row lives while its cells do).
 */
final class UpdateSummary {
  static final String CQL = "UPDATE %s.trace_summary USING TTL ? SET operations = operations + ?, tags = tags + ?, "
      + "min_duration = ?, max_duration = ? WHERE service_name = ? AND bucket = ? AND start_time = ? AND trace_id = ? "
      + "AND chunk_id = ?";

  private final PreparedStatement update;

  UpdateSummary(PreparedStatement update) {
    this.update = update;
  }

  BoundStatement bind(Key k, Summary row, int ttlSeconds) {
    // Encoded here by their known types (CqlValues says why).
    return update.boundStatementBuilder()
        .setBytesUnsafe(0, CqlValues.integer(ttlSeconds))
        .setBytesUnsafe(1, CqlValues.textSet(row.operations)).setBytesUnsafe(2, CqlValues.textSet(row.tags))
        .setBytesUnsafe(3, CqlValues.bigint(row.minDuration)).setBytesUnsafe(4, CqlValues.bigint(row.maxDuration))
        .setBytesUnsafe(5, CqlValues.text(k.service())).setBytesUnsafe(6, CqlValues.bigint(k.bucket()))
        .setBytesUnsafe(7, CqlValues.bigint(row.start)).setBytesUnsafe(8, Blobs.of(k.traceId()))
        .setBytesUnsafe(9, CqlValues.bigint(row.contentHash()))
        .setIdempotence(true).build();
  }

  /** Whether {@code st} is one of these rows. */
  boolean binds(BoundStatement st) {
    return st.getPreparedStatement() == update;
  }

  /** A row's set elements (operations and tags): a serialized set starts with its size. */
  static int terms(BoundStatement row) {
    ByteBuffer operations = row.getBytesUnsafe(1);
    ByteBuffer tags = row.getBytesUnsafe(2);
    return operations.getInt(operations.position()) + tags.getInt(tags.position());
  }
}
