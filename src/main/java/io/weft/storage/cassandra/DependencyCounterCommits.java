package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.weft.storage.cassandra.CqlExecutor.WriteGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
  /** About what a counter update adds to a batch. */
  private static final int UPDATE_BYTES = 50;

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
    boolean start;
    synchronized (this) {
      if (next == null) {
        next = counts;
      } else {
        next.addAll(counts);
      }
      waiting.add(done);
      start = !committing;
      committing = true;
    }
    if (start) {
      commitNext();
    }
    return done.future();
  }

  /** Commits what has gathered since the last commit, then looks again; stops when nothing has. */
  private void commitNext() {
    DependencyCounts counts;
    List<Promise<Void>> committed;
    synchronized (this) {
      if (next == null) {
        committing = false;
        return;
      }
      counts = next;
      committed = waiting;
      next = null;
      waiting = new ArrayList<>();
    }
    WriteGroup group = exec.group();
    Consumer<Statement<?>> sink = st -> exec.add(st, group, false); // counters: never retried blindly
    Map<Long, PartitionBatch> byBucket = new HashMap<>();
    Map<Long, PartitionBatch> bySecond = new HashMap<>();
    counts.forEachBucket((bucket, parent, child, calls) -> byBucket
        .computeIfAbsent(bucket, b -> new PartitionBatch(sink, BatchType.COUNTER))
        .add(update.bucket(bucket, parent, child, calls), UPDATE_BYTES));
    counts.forEachSecond((bucket, second, parent, child, calls) -> bySecond
        .computeIfAbsent(bucket, b -> new PartitionBatch(sink, BatchType.COUNTER))
        .add(update.second(bucket, second, parent, child, calls), UPDATE_BYTES));
    byBucket.values().forEach(PartitionBatch::flush);
    bySecond.values().forEach(PartitionBatch::flush);
    group.sealed().onComplete(ar -> {
      committed.forEach(p -> {
        if (ar.succeeded()) {
          p.tryComplete();
        } else {
          p.tryFail(ar.cause());
        }
      });
      commitNext();
    });
  }
}
