package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanWriter;
import io.weft.storage.cassandra.CqlExecutor.WriteGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes spans: per trace one chunk row ({@link TraceChunk}: the trace's spans of this write,
 * compressed), the index rows (per trace, not per span: {@link IndexRows}), new names and dependency
 * counts (summed across concurrent writes: {@link DependencyCounterCommits}). Rows bound for the same partition go in one unlogged batch, which Cassandra applies as a
 * single mutation (so a write of 500 spans in 50 traces is about 50 chunk rows and a few tens of
 * index statements). The returned future completes when
 * every statement was acknowledged at the configured consistency level, and fails (after retries)
 * if any was not; every statement is idempotent except counter updates, so the sender may simply
 * send the same spans again.
 */
final class CassandraSpanWriter implements SpanWriter {
  /** Rows per batch, and a size bound: a batch is one mutation and one request. */
  private static final int MAX_BATCH_ROWS = 100;
  private static final int MAX_BATCH_BYTES = 512 * 1024;

  private final CqlExecutor exec;
  private final Prepared p;
  private final CassandraSettings s;
  private final Buckets buckets;
  private final WeftMetrics metrics;
  private final DependencyTracker tracker = new DependencyTracker();
  private final DependencyCounterCommits counters;
  private final NameCache names;
  private final com.datastax.oss.driver.api.core.CqlIdentifier keyspace;

  private final IndexModes modes;
  private static final String MODE_KEY = "\u0001index-mode";

  CassandraSpanWriter(CqlExecutor exec, Prepared p, CassandraSettings s, WeftMetrics metrics, IndexModes modes) {
    this.modes = modes;
    this.exec = exec;
    this.p = p;
    this.s = s;
    this.buckets = s.buckets();
    this.metrics = metrics;
    // Names are renewed well before they expire while spans keep coming.
    this.names = new NameCache(Math.min(3_600_000L, s.ttlSeconds() * 1000L / 2));
    this.keyspace = com.datastax.oss.driver.api.core.CqlIdentifier.fromCql(s.keyspace());
    this.counters = new DependencyCounterCommits(exec, p.updateDependencyCalls());
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    List<Future<Void>> acks = new ArrayList<>();
    WriteGroup group = new WriteGroup();
    try {
      long now = System.currentTimeMillis();
      DependencyCounts counts = dependencyCounts(now);
      byTrace(spans).forEach((id, traceSpans) -> {
        long[] hashes = writeChunks(id, traceSpans, group, acks);
        counts.add(tracker.add(id, traceSpans, hashes, now));
      });
      if (modes.written() == IndexModes.Mode.SUMMARY) {
        writeSummaries(SummaryRows.of(spans, buckets, s.tagPolicy()), group, acks);
      } else {
        writeIndexes(IndexRows.of(spans, buckets, s.tagPolicy()), group, acks);
      }
      writeNames(spans, now, group, acks);
      writeCounts(counts, acks);
    } catch (RuntimeException e) {
      group.failure = e;
      return failed(e);
    }
    return Future.all(acks).<Void>mapEmpty().recover(this::failed);
  }

  /**
   * Only the dependency counters, through the same tracker as {@link #write} (so a trace's links are
   * counted once whatever mix of calls brings its spans); no span, index or name row.
   */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    List<Future<Void>> acks = new ArrayList<>();
    WriteGroup group = new WriteGroup();
    try {
      long now = System.currentTimeMillis();
      DependencyCounts counts = dependencyCounts(now);
      byTrace(spans).forEach((id, traceSpans) -> {
        long[] hashes = new long[traceSpans.size()];
        for (int i = 0; i < hashes.length; i++) {
          hashes[i] = linkHash(traceSpans.get(i));
        }
        counts.add(tracker.add(id, traceSpans, hashes, now));
      });
      writeCounts(counts, acks);
    } catch (RuntimeException e) {
      group.failure = e;
      return failed(e);
    }
    return Future.all(acks).<Void>mapEmpty().recover(this::failed);
  }

  /**
   * What tells a span sent again from another span of the same id (Zipkin's shared ids) where only the
   * links count: cheaper than write()'s hash of the encoded span, which a dropped trace would pay for
   * nothing (a trace's spans all come one way: kept, or dropped).
   */
  private static long linkHash(Span s) {
    return java.util.Objects.hash(s.spanId(), s.parentSpanId(), s.serviceName(), s.kind(), s.operationName(),
        s.startTimeMicros(), s.durationMicros());
  }

  private static Map<TraceId, List<Span>> byTrace(List<Span> spans) {
    Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
    for (Span span : spans) {
      if (span.traceId() != null) {
        byTrace.computeIfAbsent(span.traceId(), k -> new ArrayList<>()).add(span);
      }
    }
    return byTrace;
  }

  /** A bucket older than the TTL is deleted (counters have no TTL); keep a bucket's margin from it. */
  private DependencyCounts dependencyCounts(long nowMillis) {
    return new DependencyCounts(buckets, nowMillis * 1000 - s.ttlMicros() + buckets.seconds() * 1_000_000L);
  }

  private void writeCounts(DependencyCounts counts, List<Future<Void>> acks) {
    acks.add(counters.add(counts));
  }

  /**
   * The chunk rows of one trace (one partition, usually one row); returns each span's identity hash
   * for the dependency tracker.
   */
  private long[] writeChunks(TraceId id, List<Span> spans, WriteGroup group, List<Future<Void>> acks) {
    Batcher batch = new Batcher(group, acks);
    for (TraceChunk c : TraceChunk.of(spans)) {
      batch.add(p.insertChunk().bind(id, c, s.ttlSeconds()), c.blob().length + 64);
    }
    batch.flush();
    long[] hashes = new long[spans.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = SpanIdentity.hash(spans.get(i));
    }
    return hashes;
  }

  /**
   * A partition with a few rows gets its own batch; rows of partitions with one or two (most tag
   * values in a write) are batched with others owned by the same replicas.
   */
  private void writeIndexes(IndexRows rows, WriteGroup group, List<Future<Void>> acks) {
    InsertIndexRow insert = p.insertIndexRow();
    int ttl = s.ttlSeconds();
    ReplicaBatcher small = new ReplicaBatcher(exec.tokenMap(), keyspace,
        st -> acks.add(exec.write(st, group, true)));
    rows.earliest.forEach((partition, entries) -> {
      int bytes = rowBytes(partition);
      if (entries.size() <= 2) {
        entries.forEach((e, start) -> small.add(insert.bind(partition, e, start, ttl), bytes + utf8(e.value())));
        return;
      }
      Batcher batch = new Batcher(group, acks);
      entries.forEach((e, start) -> batch.add(insert.bind(partition, e, start, ttl), bytes + utf8(e.value())));
      batch.flush();
    });
    small.flush();
  }

  /** Summary rows: a batch per (service, bucket) partition of a few rows, the rest batched by replicas. */
  private void writeSummaries(SummaryRows rows, WriteGroup group, List<Future<Void>> acks) {
    int ttl = s.ttlSeconds();
    Map<String, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    Map<String, Integer> bytes = new LinkedHashMap<>();
    rows.rows.forEach((k, row) -> {
      String partition = k.service() + '\u0000' + k.bucket();
      byPartition.computeIfAbsent(partition, x -> new ArrayList<>()).add(p.insertSummary().bind(k, row, ttl));
      bytes.merge(partition, row.bytes() + k.service().length(), Integer::sum);
    });
    ReplicaBatcher small = new ReplicaBatcher(exec.tokenMap(), keyspace, st -> acks.add(exec.write(st, group, true)));
    byPartition.forEach((partition, statements) -> {
      int each = bytes.get(partition) / statements.size();
      if (statements.size() <= 2) {
        statements.forEach(st -> small.add(st, each));
        return;
      }
      Batcher batch = new Batcher(group, acks);
      statements.forEach(st -> batch.add(st, each));
      batch.flush();
    });
    small.flush();
  }

  /** Roughly what a row adds to a batch as Cassandra sizes it: its partition key plus about 56 bytes (plus a tag value). */
  private static int rowBytes(IndexRows.Partition p) {
    return 56 + utf8(p.service()) + utf8(p.a()) + 8;
  }

  private static int utf8(String s) {
    return s == null ? 0 : s.length() * 3 / 2 + 2;
  }

  /** Names not written lately; each is remembered only once Cassandra has it. */
  private void writeNames(List<Span> spans, long now, WriteGroup group, List<Future<Void>> acks) {
    Set<String> seen = new HashSet<>();
    if (!spans.isEmpty() && names.needsWrite(MODE_KEY, now)) {
      // Searches elsewhere read this index as well while this row lives (IndexModes).
      acks.add(exec.write(modes.marker(s.ttlSeconds()), group, true).onSuccess(v -> names.written(MODE_KEY, now)));
    }
    for (Span span : spans) {
      String service = span.serviceName();
      if (service == null || service.isEmpty()) {
        continue;
      }
      String serviceKey = service;
      if (seen.add(serviceKey) && names.needsWrite(serviceKey, now)) {
        acks.add(exec.write(p.insertServiceName().bind(service, s.ttlSeconds()), group, true)
            .onSuccess(v -> names.written(serviceKey, now)));
      }
      String op = span.operationName();
      if (op == null || op.isEmpty()) {
        continue;
      }
      String kind = span.kind().tagValue();
      String opKey = service + '\u0000' + kind + '\u0000' + op;
      if (seen.add(opKey) && names.needsWrite(opKey, now)) {
        acks.add(exec.write(p.insertOperationName().bind(service, kind, op, s.ttlSeconds()), group, true)
            .onSuccess(v -> names.written(opKey, now)));
      }
    }
  }

  private <T> Future<T> failed(Throwable err) {
    metrics.storageWriteFailure("cassandra", err.getClass().getSimpleName());
    return Future.failedFuture(err);
  }

  /** Collects statements of one partition into unlogged batches of bounded size. */
  private final class Batcher {
    private final WriteGroup group;
    private final List<Future<Void>> acks;
    private final List<BoundStatement> pending = new ArrayList<>();
    private int bytes;

    Batcher(WriteGroup group, List<Future<Void>> acks) {
      this.group = group;
      this.acks = acks;
    }

    void add(BoundStatement st, int size) {
      if (!pending.isEmpty() && (pending.size() >= MAX_BATCH_ROWS || bytes + size > MAX_BATCH_BYTES)) {
        flush();
      }
      pending.add(st);
      bytes += size;
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      Statement<?> st;
      if (pending.size() == 1) {
        st = pending.get(0);
      } else {
        BatchStatementBuilder b = BatchStatement.builder(BatchType.UNLOGGED);
        pending.forEach(b::addStatement);
        st = b.setIdempotence(true).build();
      }
      acks.add(exec.write(st, group, true));
      pending.clear();
      bytes = 0;
    }
  }
}
