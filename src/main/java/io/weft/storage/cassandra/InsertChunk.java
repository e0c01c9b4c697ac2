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
    return ps.bind(Blobs.of(traceId), c.id(), c.startMicros(), c.spanCount(), ByteBuffer.wrap(c.blob()), ttl)
        .setIdempotent(true);
  }
}
