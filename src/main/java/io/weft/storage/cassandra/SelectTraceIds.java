package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.weft.storage.cassandra.IndexRows.Table;

/**
 * Trace ids from one bucket partition of a search index, with the start time of the row. The
 * time range is applied by Cassandra, except in {@code duration_index}, whose clustering starts
 * with the duration (the range asked there); its rows are filtered by time in {@link IndexScan}.
 */
final class SelectTraceIds {
  static final String SERVICE = "SELECT start_time, trace_id FROM %s.service_name_index WHERE service_name = ? "
      + "AND bucket = ? AND start_time >= ? AND start_time <= ?";
  static final String OPERATION = "SELECT start_time, trace_id FROM %s.service_operation_index "
      + "WHERE service_name = ? AND operation_name = ? AND bucket = ? AND start_time >= ? AND start_time <= ?";
  static final String TAG = "SELECT start_time, trace_id FROM %s.tag_index WHERE service_name = ? AND tag_key = ? "
      + "AND bucket = ? AND tag_value = ? AND start_time >= ? AND start_time <= ?";
  static final String DURATION = "SELECT start_time, trace_id FROM %s.duration_index WHERE service_name = ? "
      + "AND operation_name = ? AND bucket = ? AND duration >= ? AND duration <= ?";

  private final PreparedStatement service;
  private final PreparedStatement operation;
  private final PreparedStatement tag;
  private final PreparedStatement duration;

  SelectTraceIds(PreparedStatement service, PreparedStatement operation, PreparedStatement tag,
      PreparedStatement duration) {
    this.service = service;
    this.operation = operation;
    this.tag = tag;
    this.duration = duration;
  }

  BoundStatement bind(IndexScan scan, long bucket, long minMicros, long maxMicros, int pageSize) {
    BoundStatement b = switch (scan.table()) {
      case SERVICE -> service.bind(scan.service(), bucket, minMicros, maxMicros);
      case OPERATION -> operation.bind(scan.service(), scan.a(), bucket, minMicros, maxMicros);
      case TAG -> tag.bind(scan.service(), scan.a(), bucket, scan.b(), minMicros, maxMicros);
      // Rows hold the floor of their duration's octave (IndexRows.octave); the filter checks the rest.
      case DURATION -> duration.bind(scan.service(), scan.a(), bucket, IndexRows.octave(scan.minDuration()),
          scan.maxDuration());
    };
    return b.setPageSize(pageSize).setIdempotent(true);
  }

  static boolean filtersTimeInClient(Table t) {
    return t == Table.DURATION;
  }
}
