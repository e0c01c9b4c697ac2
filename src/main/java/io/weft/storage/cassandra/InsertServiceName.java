package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

/** A service in {@code service_names}, expiring with the data unless written again. */
final class InsertServiceName {
  static final String CQL = "INSERT INTO %s.service_names (service_name) VALUES (?) USING TTL ?";

  private final PreparedStatement ps;

  InsertServiceName(PreparedStatement ps) {
    this.ps = ps;
  }

  BoundStatement bind(String service, int ttl) {
    return ps.bind(service, ttl).setIdempotent(true);
  }
}
