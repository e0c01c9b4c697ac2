package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.List;
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
  /** Packs holding a trace that started at or after the window's start, newest first; the rest is tested by {@link TracePack}. */
  static final String PACKED = "SELECT max_start, pack, min_start FROM %s.trace_packs WHERE service_name = ? "
      + "AND bucket = ? AND max_start >= ?";

  private final PreparedStatement service;
  private final PreparedStatement operation;
  private final PreparedStatement tag;
  private final PreparedStatement duration;
  private final PreparedStatement packed;
  private final String keyspace;

  SelectTraceIds(PreparedStatement service, PreparedStatement operation, PreparedStatement tag,
      PreparedStatement duration, PreparedStatement packed, String keyspace) {
    this.packed = packed;
    this.keyspace = keyspace;
    this.service = service;
    this.operation = operation;
    this.tag = tag;
    this.duration = duration;
  }

  Statement<?> bind(IndexScan scan, long bucket, long minMicros, long maxMicros, int pageSize) {
    if (scan.table() == Table.SUMMARY) {
      return summary(scan, bucket, minMicros, maxMicros).setPageSize(pageSize).setIdempotent(true);
    }
    BoundStatement b = switch (scan.table()) {
      case SERVICE -> service.bind(scan.service(), bucket, minMicros, maxMicros);
      case OPERATION -> operation.bind(scan.service(), scan.a(), bucket, minMicros, maxMicros);
      case TAG -> tag.bind(scan.service(), scan.a(), bucket, scan.b(), minMicros, maxMicros);
      // Rows hold the floor of their duration's octave (IndexRows.octave); the filter checks the rest.
      case PACKED -> packed.bind(scan.service(), bucket, minMicros);
      case DURATION, SUMMARY -> duration.bind(scan.service(), scan.a(), bucket, IndexRows.octave(scan.minDuration()),
          scan.maxDuration());
    };
    return b.setPageSize(pageSize).setIdempotent(true);
  }

  /**
   * The summary rows of a (service, bucket) partition in the time range matching the query through
   * the SAI indexes: its shape varies with the query (how many tags), so it is a simple statement;
   * a search runs a few, parsed once each.
   */
  private SimpleStatement summary(IndexScan scan, long bucket, long minMicros, long maxMicros) {
    StringBuilder cql = new StringBuilder("SELECT start_time, trace_id FROM ").append(keyspace)
        .append(".trace_summary WHERE service_name = ? AND bucket = ? AND start_time >= ? AND start_time <= ?");
    List<Object> values = new ArrayList<>(List.of(scan.service(), bucket, minMicros, maxMicros));
    for (String tag : scan.tags()) {
      cql.append(" AND tags CONTAINS ?");
      values.add(tag);
    }
    if (scan.a() != null && !scan.a().isEmpty()) {
      cql.append(" AND operations CONTAINS ?");
      values.add(scan.a());
    }
    if (scan.minDuration() > 0) {
      cql.append(" AND max_duration >= ?");
      values.add(scan.minDuration());
    }
    if (scan.maxDuration() > 0) {
      cql.append(" AND min_duration <= ?");
      values.add(scan.maxDuration());
    }
    return SimpleStatement.newInstance(cql.toString(), values.toArray());
  }

  static boolean filtersTimeInClient(Table t) {
    return t == Table.DURATION;
  }
}
