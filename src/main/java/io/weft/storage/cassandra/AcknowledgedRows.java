package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The rows Cassandra acknowledged during the attempts of one retried write ({@link io.weft.storage.RetriedWrite},
 * the ingester's) through one {@link CassandraSpanWriter}, so that a later attempt sends only the others.
 *
 * <p>A retry builds its statements anew from the same spans, which make the same rows (chunk and summary
 * rows are keyed by hashes of their content); each row equal to one acknowledged before is left out, and
 * a batch keeps its other rows. So when one statement of a poll's write fails after its attempts, the
 * retry sends that statement's rows and whatever was not sent or not answered, not the poll's hundreds.
 * Rows are compared by content: the prepared statement's id (which covers the CQL text, keyspace and
 * table) and every bound value. Sound because these rows are idempotent and nothing deletes them while a
 * write is retried (only their TTL ends them): a row acknowledged once is stored at the configured
 * consistency, and sending it again would change nothing a reader sees. Counter updates are not kept
 * here ({@link DependencyCounterCommits}: the tracker counts a trace's links once however often its spans
 * come), nor names ({@link NameCache} remembers those once acknowledged).
 *
 * <p>Cheap while writes succeed: an acknowledgement only queues its statement; rows are hashed when a retry
 * asks. Thread-safe: acknowledgements come on the driver's threads, retries build on workers.
 */
final class AcknowledgedRows {
  private final ConcurrentLinkedQueue<Statement<?>> acknowledged = new ConcurrentLinkedQueue<>();
  private final Set<Row> rows = ConcurrentHashMap.newKeySet();

  /** A row by content: its statement (a prepared id, or CQL text) and its values. */
  private record Row(Object statement, List<?> values) {}

  /** Cassandra acknowledged {@code st} (a row or a batch of rows) at the write's consistency. */
  void acknowledged(Statement<?> st) {
    acknowledged.add(st);
  }

  /**
   * {@code st} without the rows acknowledged so far: {@code st} itself if none was, a batch (or the single
   * row) of the others, or null if all were; {@code leftOut} hears of each row left out.
   */
  Statement<?> unacknowledged(Statement<?> st, Consumer<BatchableStatement<?>> leftOut) {
    drain();
    if (rows.isEmpty()) {
      return st;
    }
    if (st instanceof BatchStatement batch) {
      List<BatchableStatement<?>> rest = new ArrayList<>(batch.size());
      for (BatchableStatement<?> row : batch) {
        if (has(row)) {
          leftOut.accept(row);
        } else {
          rest.add(row);
        }
      }
      if (rest.size() == batch.size()) {
        return batch;
      }
      if (rest.isEmpty()) {
        return null;
      }
      // A single row goes alone, as the writer's batchers send one (its own idempotence is set).
      return rest.size() == 1 ? rest.get(0) : batch.clear().addAll(rest);
    }
    if (st instanceof BatchableStatement<?> row && has(row)) {
      leftOut.accept(row);
      return null;
    }
    return st;
  }

  /** Turns the statements acknowledged since the last call into rows. */
  private void drain() {
    for (Statement<?> st = acknowledged.poll(); st != null; st = acknowledged.poll()) {
      if (st instanceof BatchStatement batch) {
        batch.forEach(this::add);
      } else if (st instanceof BatchableStatement<?> row) {
        add(row);
      }
    }
  }

  private boolean has(BatchableStatement<?> row) {
    Row k = key(row);
    return k != null && rows.contains(k);
  }

  private void add(BatchableStatement<?> row) {
    Row k = key(row);
    if (k != null) {
      rows.add(k);
    }
  }

  /** Null for a statement not compared by content (never left out). */
  private static Row key(BatchableStatement<?> st) {
    if (st instanceof BoundStatement b) {
      // The driver reads values through duplicates, so their positions are those bound.
      return new Row(b.getPreparedStatement().getId(), b.getValues());
    }
    if (st instanceof SimpleStatement s && s.getNamedValues().isEmpty()) {
      return new Row(s.getQuery(), s.getPositionalValues());
    }
    return null;
  }
}
