package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.weft.wire.SpanBinaryCodec;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/** Every span of a trace: one partition read. */
final class SelectTrace {
  static final String CQL = "SELECT span FROM %s.traces WHERE trace_id = ?";
  /** The same from the archive's table. */
  static final String ARCHIVE = CQL.replace("%s.traces", "%s.archived_traces");

  private final PreparedStatement ps;

  SelectTrace(PreparedStatement ps) {
    this.ps = ps;
  }

  BoundStatement bind(TraceId id) {
    return ps.bind(Blobs.of(id)).setIdempotent(true);
  }

  static List<Span> spans(List<Row> rows) {
    List<Span> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(SpanBinaryCodec.decodeOne(Blobs.bytes(r.getByteBuffer(0))));
    }
    return out;
  }
}
