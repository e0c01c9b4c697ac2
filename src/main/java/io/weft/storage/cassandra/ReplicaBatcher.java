package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rows of many small partitions (a tag value seen once in a write), sent as unlogged batches of
 * partitions owned by the same replicas: one request and one coordinator hop instead of one per
 * row, and no extra hop since the driver routes a batch to a replica of its first statement.
 * Each batch stays within Cassandra's default warning thresholds ({@code batch_size_warn_threshold}
 * 5 KiB, {@code unlogged_batch_across_partitions_warn_threshold} 10 partitions), so neither the
 * server nor the driver logs a warning per batch. Without a token map (metadata off) rows are grouped
 * all together, which is right for one node and merely suboptimal for more.
 */
final class ReplicaBatcher {
  static final int MAX_ROWS = 10;
  static final int MAX_BYTES = 4_500;

  private final TokenMap tokens;
  private final CqlIdentifier keyspace;
  private final Consumer<Statement<?>> sink;
  private final Map<Object, Group> groups = new LinkedHashMap<>();

  ReplicaBatcher(TokenMap tokens, CqlIdentifier keyspace, Consumer<Statement<?>> sink) {
    this.tokens = tokens;
    this.keyspace = keyspace;
    this.sink = sink;
  }

  /** {@code bytes}: about what the row adds to the batch's size as Cassandra counts it. */
  void add(BoundStatement st, int bytes) {
    Object owner = "all";
    ByteBuffer key = st.getRoutingKey();
    if (tokens != null && key != null) {
      owner = tokens.getReplicas(keyspace, key);
    }
    Group g = groups.computeIfAbsent(owner, k -> new Group());
    if (!g.rows.isEmpty() && (g.rows.size() >= MAX_ROWS || g.bytes + bytes > MAX_BYTES)) {
      g.flush();
    }
    g.rows.add(st);
    g.bytes += bytes;
  }

  void flush() {
    groups.values().forEach(Group::flush);
  }

  private final class Group {
    final List<BoundStatement> rows = new ArrayList<>();
    int bytes;

    void flush() {
      if (rows.isEmpty()) {
        return;
      }
      if (rows.size() == 1) {
        sink.accept(rows.get(0));
      } else {
        BatchStatementBuilder b = BatchStatement.builder(BatchType.UNLOGGED);
        rows.forEach(b::addStatement);
        sink.accept(b.setIdempotence(true).build());
      }
      rows.clear();
      bytes = 0;
    }
  }
}
