package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weft.storage.cassandra.CqlExecutor.WriteGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dependency counter updates as a group commit: one commit at Cassandra at a time; the counts of
 * writes that arrive meanwhile are summed and go in the next one, as counter batches of one
 * partition (a bucket) each. A counter update costs Cassandra a read before the write, and a write
 * of a hundred spans touches some twenty counters: sent per write, the counters cost more than the
 * spans themselves. A write's acknowledgement still waits for the commit holding its counts, so
 * nothing is acknowledged before it is stored; under light load each commit holds one write, as
 * before, and under heavy load one commit serves many.
 */
final class DependencyCounterCommits {
  /** Counter updates per batch (each about 50 bytes): well inside {@code batch_size_warn_threshold}. */
  static final int MAX_BATCH = 50;

  private final CqlExecutor exec;
  private final UpdateDependencyCalls update;
  private DependencyCounts next;
  private List<Promise<Void>> waiting = new ArrayList<>();
  private boolean committing;

  DependencyCounterCommits(CqlExecutor exec, UpdateDependencyCalls update) {
    this.exec = exec;
    this.update = update;
  }

  /** Completes (on the caller's context) once these counts are applied, or fails with their commit. */
  Future<Void> add(DependencyCounts counts) {
    if (counts.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = exec.promise();
    DependencyCounts batch;
    List<Promise<Void>> batchWaiting;
    synchronized (this) {
      if (next == null) {
        next = counts;
      } else {
        next.addAll(counts);
      }
      waiting.add(done);
      if (committing) {
        return done.future();
      }
      committing = true;
      batch = next;
      batchWaiting = waiting;
      next = null;
      waiting = new ArrayList<>();
    }
    commit(batch, batchWaiting);
    return done.future();
  }

  private void commit(DependencyCounts counts, List<Promise<Void>> batchWaiting) {
    List<Future<Void>> acks = new ArrayList<>();
    WriteGroup group = new WriteGroup();
    Map<Long, List<BoundStatement>> byBucket = new LinkedHashMap<>();
    counts.forEachBucket((bucket, parent, child, calls) -> byBucket.computeIfAbsent(bucket, b -> new ArrayList<>())
        .add(update.bucket(bucket, parent, child, calls)));
    send(byBucket, group, acks);
    Map<Long, List<BoundStatement>> bySecond = new LinkedHashMap<>();
    counts.forEachSecond((bucket, second, parent, child, calls) -> bySecond.computeIfAbsent(bucket, b -> new ArrayList<>())
        .add(update.second(bucket, second, parent, child, calls)));
    send(bySecond, group, acks);
    Future.all(acks).onComplete(ar -> {
      batchWaiting.forEach(p -> {
        if (ar.succeeded()) {
          p.tryComplete();
        } else {
          p.tryFail(ar.cause());
        }
      });
      DependencyCounts again;
      List<Promise<Void>> againWaiting;
      synchronized (this) {
        if (next == null) {
          committing = false;
          return;
        }
        again = next;
        againWaiting = waiting;
        next = null;
        waiting = new ArrayList<>();
      }
      commit(again, againWaiting);
    });
  }

  /** One counter batch per partition (bucket), split past {@link #MAX_BATCH} updates; never retried. */
  private void send(Map<Long, List<BoundStatement>> byPartition, WriteGroup group, List<Future<Void>> acks) {
    byPartition.values().forEach(updates -> {
      for (int from = 0; from < updates.size(); from += MAX_BATCH) {
        List<BoundStatement> part = updates.subList(from, Math.min(updates.size(), from + MAX_BATCH));
        Statement<?> st;
        if (part.size() == 1) {
          st = part.get(0);
        } else {
          BatchStatementBuilder b = BatchStatement.builder(BatchType.COUNTER);
          part.forEach(b::addStatement);
          st = b.setIdempotence(false).build();
        }
        acks.add(exec.write(st, group, false));
      }
    });
  }
}
