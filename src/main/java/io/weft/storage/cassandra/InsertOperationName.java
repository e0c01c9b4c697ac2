package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/** An operation of a service with its span kind ('' when unspecified), in {@code operation_names}. */
final class InsertOperationName {
  static final String CQL = "INSERT INTO %s.operation_names (service_name, span_kind, operation_name) "
      + "VALUES (?, ?, ?) USING TTL ?";

  private final PreparedStatement ps;

  InsertOperationName(PreparedStatement ps) {
    this.ps = ps;
  }

  BoundStatement bind(String service, String spanKind, String operation, int ttl) {
    return ps.bind(service, spanKind, operation, ttl).setIdempotent(true);
  }
}
