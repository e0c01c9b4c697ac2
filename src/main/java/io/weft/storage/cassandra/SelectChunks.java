package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/** Every chunk of a trace: one partition read. */
final class SelectChunks {
  static final String CQL = "SELECT spans FROM %s.trace_chunks WHERE trace_id = ?";

  private final PreparedStatement ps;

  SelectChunks(PreparedStatement ps) {
    this.ps = ps;
  }

  BoundStatement bind(TraceId id) {
    return ps.bind(Blobs.of(id)).setIdempotent(true);
  }

  /** The spans of each chunk, in chunk order. */
  static List<List<Span>> spans(List<Row> rows) {
    List<List<Span>> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(TraceChunk.spans(Blobs.bytes(r.getByteBuffer(0))));
    }
    return out;
  }
}
