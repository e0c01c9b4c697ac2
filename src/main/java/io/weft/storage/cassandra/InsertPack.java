package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.nio.ByteBuffer;

/** One row of {@code trace_packs}; keyed by its newest start and a hash of its summaries, so a replay is the same row. */
final class InsertPack {
  static final String CQL = "INSERT INTO %s.trace_packs (service_name, bucket, max_start, pack_id, min_start, "
      + "summaries, pack) VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL ?";

  private final PreparedStatement ps;

  InsertPack(PreparedStatement ps) {
    this.ps = ps;
  }

  BoundStatement bind(TracePack pack, int ttl) {
    return ps.boundStatementBuilder()
        .setBytesUnsafe(0, CqlValues.text(pack.service())).setBytesUnsafe(1, CqlValues.bigint(pack.bucket()))
        .setBytesUnsafe(2, CqlValues.bigint(pack.maxStart())).setBytesUnsafe(3, CqlValues.bigint(pack.id()))
        .setBytesUnsafe(4, CqlValues.bigint(pack.minStart())).setBytesUnsafe(5, CqlValues.integer(pack.summaries()))
        .setBytesUnsafe(6, ByteBuffer.wrap(pack.blob())).setBytesUnsafe(7, CqlValues.integer(ttl))
        .setIdempotence(true).build();
  }

  /** Whether {@code st} is one of these rows. */
  boolean binds(BoundStatement st) {
    return st.getPreparedStatement() == ps;
  }

  /** The summaries of such a row. */
  static int summaries(BoundStatement row) {
    ByteBuffer b = row.getBytesUnsafe(5);
    return b.getInt(b.position());
  }
}
