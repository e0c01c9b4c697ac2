package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.List;

/**
 * Reads a trace: its chunks ({@code trace_chunks}, schema version 5) and, while the v1 table
 * {@code traces} may still hold rows (written before the upgrade, kept until their TTL), its rows
 * there too, in parallel; {@link TraceMerge} puts them together. Whether {@code traces} holds
 * anything is asked at start and then every {@link #RECHECK_MS} (one row's read): once the last old
 * row has expired, or in a keyspace created at version 5 or later, a trace is one partition read again. (During
 * a rolling upgrade, a trace an older node writes there is found within that minute.)
 */
final class TraceFetch {
  static final long RECHECK_MS = 60_000;

  private final CqlExecutor exec;
  private final Prepared p;
  private final String keyspace;
  private volatile boolean legacyRows = true;

  TraceFetch(CqlExecutor exec, Prepared p, String keyspace) {
    this.exec = exec;
    this.p = p;
    this.keyspace = keyspace;
  }

  Future<List<Span>> trace(TraceId id) {
    Future<List<List<Span>>> chunks = exec.readAll(p.selectChunks().bind(id)).map(SelectChunks::spans);
    if (!legacyRows) {
      return chunks.map(TraceMerge::merge);
    }
    Future<List<Span>> old = exec.readAll(p.selectTrace().bind(id)).map(SelectTrace::spans);
    return Future.all(chunks, old).map(cf -> {
      List<List<Span>> parts = new java.util.ArrayList<>(chunks.result());
      parts.add(old.result());
      return TraceMerge.merge(parts);
    });
  }

  /** Whether v1's {@code traces} still has a row; on an error, assume so (reading it costs little). */
  Future<Void> checkLegacyRows() {
    return exec.readAll(SimpleStatement.newInstance("SELECT trace_id FROM " + keyspace + ".traces LIMIT 1"))
        .map(rows -> {
          legacyRows = !rows.isEmpty();
          return (Void) null;
        })
        .otherwise(err -> {
          legacyRows = true;
          return null;
        });
  }

  Prepared prepared() {
    return p;
  }

  boolean readsLegacyRows() {
    return legacyRows;
  }
}
