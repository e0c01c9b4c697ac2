package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.weft.model.DependencyLink;
import io.weft.storage.DependencyLinker;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls between services of traces that started in [end - lookback, end]: the buckets wholly
 * inside the window are read from their totals (one small partition each), the partial buckets
 * at either end from their per-second counts. The cost grows with the number of buckets and of
 * distinct links, never with the number of spans. Precision is a second: a trace starting in
 * the window's first or last second counts if its start second does.
 */
final class DependencyQuery {
  private final CqlExecutor exec;
  private final Prepared p;
  private final CassandraSettings s;

  DependencyQuery(CqlExecutor exec, Prepared p, CassandraSettings s) {
    this.exec = exec;
    this.p = p;
    this.s = s;
  }

  Future<List<DependencyLink>> links(long endMicros, long lookbackMicros, long nowMicros) {
    if (lookbackMicros < 0) {
      return Future.succeededFuture(List.of());
    }
    long from = endMicros - lookbackMicros;
    if (from > endMicros) {
      from = Long.MIN_VALUE; // overflow: from the beginning
    }
    // Counts older than the TTL are deleted; this bounds the buckets an endless window reads.
    from = Math.max(from, nowMicros - s.ttlMicros() - 86_400_000_000L);
    long end = Math.min(endMicros, nowMicros + 86_400_000_000L);
    Buckets b = s.buckets();
    List<Future<List<Row>>> reads = new ArrayList<>();
    if (from <= end) {
      for (long bucket = b.of(from); bucket <= b.of(end); bucket += b.seconds()) {
        BoundStatement st;
        if (from <= b.startMicros(bucket) && b.endMicros(bucket) <= end) {
          st = p.selectDependencyCalls().bucket(bucket);
        } else {
          long fromSecond = Math.floorDiv(Math.max(from, b.startMicros(bucket)) + 999_999, 1_000_000L);
          long toSecond = Math.floorDiv(Math.min(end, b.endMicros(bucket)), 1_000_000L);
          if (fromSecond > toSecond) {
            continue;
          }
          st = p.selectDependencyCalls().seconds(bucket, fromSecond, toSecond);
        }
        reads.add(exec.readAll(st));
      }
    }
    return Future.all(reads).map(cf -> {
      DependencyLinker sum = new DependencyLinker();
      for (int i = 0; i < reads.size(); i++) {
        for (Row r : cf.<List<Row>>resultAt(i)) {
          sum.add(r.getString(0), r.getString(1), r.getLong(2));
        }
      }
      List<DependencyLink> out = new ArrayList<>();
      for (DependencyLink l : sum.links()) {
        if (l.callCount() > 0) {
          out.add(l);
        }
      }
      return out;
    });
  }
}
