package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.weft.storage.cassandra.IndexRows.Entry;
import io.weft.storage.cassandra.IndexRows.Partition;

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

  /** A row; {@code start} is given apart since the earliest-start indexes keep it outside the entry. */
  BoundStatement bind(Partition p, Entry e, long start, int ttl) {
    BoundStatement b = switch (p.table()) {
      case SERVICE -> service.bind(p.service(), p.bucket(), start, Blobs.of(e.traceId()), ttl);
      case OPERATION -> operation.bind(p.service(), p.a(), p.bucket(), start, Blobs.of(e.traceId()), ttl);
      case TAG -> tag.bind(p.service(), p.a(), p.bucket(), e.value(), start, Blobs.of(e.traceId()), ttl);
      case DURATION -> duration.bind(p.service(), p.a(), p.bucket(), e.duration(), start, Blobs.of(e.traceId()), ttl);
    };
    return b.setIdempotent(true);
  }
}
