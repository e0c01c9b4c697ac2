package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rows of one partition sent as batches of bounded size: a batch of one partition is one mutation
 * and one request, applied by Cassandra as one. {@link BatchType#COUNTER} for counter updates (not
 * idempotent), else unlogged and idempotent.
 */
final class PartitionBatch {
  /** Rows per batch, and a size bound: a batch is one mutation and one request. */
  static final int MAX_ROWS = 100;
  static final int MAX_BYTES = 512 * 1024;

  private final Consumer<Statement<?>> sink;
  private final BatchType type;
  private final List<BoundStatement> pending = new ArrayList<>();
  private int bytes;

  PartitionBatch(Consumer<Statement<?>> sink) {
    this(sink, BatchType.UNLOGGED);
  }

  PartitionBatch(Consumer<Statement<?>> sink, BatchType type) {
    this.sink = sink;
    this.type = type;
  }

  void add(BoundStatement st, int size) {
    if (!pending.isEmpty() && (pending.size() >= MAX_ROWS || bytes + size > MAX_BYTES)) {
      flush();
    }
    pending.add(st);
    bytes += size;
  }

  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    if (pending.size() == 1) {
      sink.accept(pending.get(0));
    } else {
      BatchStatementBuilder b = BatchStatement.builder(type);
      pending.forEach(b::addStatement);
      sink.accept(b.setIdempotence(type != BatchType.COUNTER).build());
    }
    pending.clear();
    bytes = 0;
  }
}
