package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.weft.storage.cassandra.IndexRows.Entry;
import io.weft.storage.cassandra.IndexRows.Partition;
import io.weft.storage.cassandra.IndexRows.Table;
import java.nio.ByteBuffer;

/** A row of one of the four search indexes; which one is given by the partition's table. */
final class InsertIndexRow {
  static final String SERVICE = "INSERT INTO %s.service_name_index (service_name, bucket, start_time, trace_id) "
      + "VALUES (?, ?, ?, ?) USING TTL ?";
  static final String OPERATION = "INSERT INTO %s.service_operation_index (service_name, operation_name, bucket, "
      + "start_time, trace_id) VALUES (?, ?, ?, ?, ?) USING TTL ?";
  static final String TAG = "INSERT INTO %s.tag_index (service_name, tag_key, bucket, tag_value, start_time, "
      + "trace_id) VALUES (?, ?, ?, ?, ?, ?) USING TTL ?";
  static final String DURATION = "INSERT INTO %s.duration_index (service_name, operation_name, bucket, duration, "
      + "start_time, trace_id) VALUES (?, ?, ?, ?, ?, ?) USING TTL ?";

  private final PreparedStatement service;
  private final PreparedStatement operation;
  private final PreparedStatement tag;
  private final PreparedStatement duration;

  InsertIndexRow(PreparedStatement service, PreparedStatement operation, PreparedStatement tag,
      PreparedStatement duration) {
    this.service = service;
    this.operation = operation;
    this.tag = tag;
    this.duration = duration;
  }

  /**
   * A row; {@code start} is given apart since the earliest-start indexes keep it outside the entry.
   * Values are encoded here by their known types ({@link CqlValues}) into a mutable builder: index
   * rows are most of what a write binds.
   */
  BoundStatement bind(Partition p, Entry e, long start, int ttl) {
    BoundStatementBuilder b;
    int i = 0;
    switch (p.table()) {
      case SERVICE -> b = service.boundStatementBuilder();
      case OPERATION -> b = operation.boundStatementBuilder();
      case TAG -> b = tag.boundStatementBuilder();
      default -> b = duration.boundStatementBuilder();
    }
    b.setBytesUnsafe(i++, text(p.service()));
    if (p.table() != Table.SERVICE) {
      b.setBytesUnsafe(i++, text(p.a()));
    }
    b.setBytesUnsafe(i++, bigint(p.bucket()));
    if (p.table() == Table.TAG) {
      b.setBytesUnsafe(i++, text(e.value()));
    } else if (p.table() == Table.DURATION) {
      b.setBytesUnsafe(i++, bigint(e.duration()));
    }
    b.setBytesUnsafe(i++, bigint(start));
    b.setBytesUnsafe(i++, Blobs.of(e.traceId()));
    b.setBytesUnsafe(i, CqlValues.integer(ttl));
    return b.setIdempotence(true).build();
  }

  private static ByteBuffer text(String s) {
    return CqlValues.text(s);
  }

  private static ByteBuffer bigint(long v) {
    return CqlValues.bigint(v);
  }
}
