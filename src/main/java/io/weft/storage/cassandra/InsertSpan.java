package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.weft.model.Span;
import java.nio.ByteBuffer;

/**
 * One span row of {@code archived_traces} (the layout of v1's {@code traces}, which Weft no longer
 * writes); the key includes a hash of the content, so a rewrite is the same row.
 */
final class InsertSpan {
  static final String CQL = "INSERT INTO %s.traces (trace_id, span_id, span_hash, start_time, duration, "
      + "service_name, operation_name, span) VALUES (?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?";
  /** The same row in the archive's table. */
  static final String ARCHIVE = CQL.replace("%s.traces", "%s.archived_traces");

  private final PreparedStatement ps;

  InsertSpan(PreparedStatement ps) {
    this.ps = ps;
  }

  BoundStatement bind(Span s, byte[] encoded, int ttl) {
    return ps.bind(Blobs.of(s.traceId()), s.spanId(), Blobs.hash(encoded), s.startTimeMicros(), s.durationMicros(),
        s.serviceName(), s.operationName(), ByteBuffer.wrap(encoded), ttl).setIdempotent(true);
  }
}
