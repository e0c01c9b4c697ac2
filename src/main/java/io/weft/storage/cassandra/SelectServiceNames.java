package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/** Every service name: a scan, but of one small row per service. */
final class SelectServiceNames {
  static final String CQL = "SELECT service_name FROM %s.service_names";

  private final PreparedStatement ps;

  SelectServiceNames(PreparedStatement ps) {
    this.ps = ps;
  }

  BoundStatement bind() {
    return ps.bind().setIdempotent(true);
  }
}
