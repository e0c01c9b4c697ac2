package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/** A service's operations, of every kind or of one: one partition read. */
final class SelectOperationNames {
  static final String ALL = "SELECT span_kind, operation_name FROM %s.operation_names WHERE service_name = ?";
  static final String KIND = ALL + " AND span_kind = ?";

  private final PreparedStatement all;
  private final PreparedStatement kind;

  SelectOperationNames(PreparedStatement all, PreparedStatement kind) {
    this.all = all;
    this.kind = kind;
  }

  BoundStatement bind(String service, String spanKind) {
    BoundStatement b = spanKind == null || spanKind.isEmpty() ? all.bind(service) : kind.bind(service, spanKind);
    return b.setIdempotent(true);
  }
}
