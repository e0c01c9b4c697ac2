package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.weft.model.TraceId;
import java.nio.ByteBuffer;

/** One chunk row of {@code trace_chunks}; keyed by a hash of its spans, so writing it again is the same row. */
final class InsertChunk {
  static final String CQL = "INSERT INTO %s.trace_chunks (trace_id, chunk_id, start_time, span_count, spans) "
      + "VALUES (?, ?, ?, ?, ?) USING TTL ?";

  private final PreparedStatement ps;

  InsertChunk(PreparedStatement ps) {
    this.ps = ps;
  }

  BoundStatement bind(TraceId traceId, TraceChunk c, int ttl) {
    return ps.boundStatementBuilder()
        .setBytesUnsafe(0, Blobs.of(traceId)).setBytesUnsafe(1, CqlValues.bigint(c.id()))
        .setBytesUnsafe(2, CqlValues.bigint(c.startMicros())).setBytesUnsafe(3, CqlValues.integer(c.spanCount()))
        .setBytesUnsafe(4, ByteBuffer.wrap(c.blob())).setBytesUnsafe(5, CqlValues.integer(ttl))
        .setIdempotence(true).build();
  }

  /** Whether {@code st} is one of these rows. */
  boolean binds(BoundStatement st) {
    return st.getPreparedStatement() == ps;
  }

  /** The bytes of such a row's span blob. */
  static int blobBytes(BoundStatement row) {
    return row.getBytesUnsafe(4).remaining();
  }
}
