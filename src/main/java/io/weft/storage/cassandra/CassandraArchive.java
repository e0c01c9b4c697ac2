package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ArchiveStore;
import io.weft.storage.cassandra.CqlExecutor.WriteGroup;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The archive in Cassandra: table {@code archived_traces}, the span rows of {@code traces} with a TTL of
 * their own ({@code cassandra.archive.ttl}, 0 = kept), over the primary store's session. Rows of one trace
 * share a partition and go in unlogged batches of bounded size; the write completes when Cassandra
 * acknowledged every row at the configured consistency.
 */
final class CassandraArchive implements ArchiveStore {
  private static final int MAX_BATCH_ROWS = 100;
  private static final int MAX_BATCH_BYTES = 512 * 1024;

  private final CqlExecutor exec;
  private final Prepared p;
  private final int ttlSeconds;

  CassandraArchive(CqlExecutor exec, Prepared p, CassandraSettings s) {
    this.exec = exec;
    this.p = p;
    this.ttlSeconds = s.archiveTtlSeconds();
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
    for (Span s : spans) {
      if (s.traceId() != null) {
        byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
      }
    }
    WriteGroup group = new WriteGroup();
    List<Future<Void>> acks = new ArrayList<>();
    for (List<Span> trace : byTrace.values()) {
      List<BoundStatement> batch = new ArrayList<>();
      int bytes = 0;
      for (Span s : trace) {
        byte[] encoded = SpanBinaryCodec.encode(s);
        if (!batch.isEmpty() && (batch.size() >= MAX_BATCH_ROWS || bytes + encoded.length > MAX_BATCH_BYTES)) {
          acks.add(send(batch, group));
          batch = new ArrayList<>();
          bytes = 0;
        }
        batch.add(p.insertArchivedSpan().bind(s, encoded, ttlSeconds));
        bytes += encoded.length + 64;
      }
      if (!batch.isEmpty()) {
        acks.add(send(batch, group));
      }
    }
    return Future.all(acks).mapEmpty();
  }

  private Future<Void> send(List<BoundStatement> rows, WriteGroup group) {
    if (rows.size() == 1) {
      return exec.write(rows.get(0), group, true);
    }
    BatchStatementBuilder b = BatchStatement.builder(BatchType.UNLOGGED);
    rows.forEach(b::addStatement);
    return exec.write(b.setIdempotence(true).build(), group, true);
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return exec.readAll(p.selectArchivedTrace().bind(traceId)).map(SelectTrace::spans);
  }
}
