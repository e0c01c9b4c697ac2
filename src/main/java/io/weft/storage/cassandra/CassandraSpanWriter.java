package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.RetriedWrite;
import io.weft.storage.SpanWriter;
import io.weft.storage.cassandra.CqlExecutor.WriteGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes spans: per trace one chunk row ({@link TraceChunk}: the trace's spans of this write,
 * compressed), the index rows or trace summaries (per trace, not per span: {@link IndexBatches}), new
 * names and dependency counts (summed across concurrent writes: {@link DependencyCounterCommits}).
 * Rows bound for the same partition go in one batch, which Cassandra
 * applies as a single mutation; rows of partitions with one or two rows in a write (most chunks, most
 * tag values) go in small unlogged batches of partitions owned by the same replicas
 * ({@link ReplicaBatcher}). So a write of 512 spans in 64 traces over 6 services is a few tens of
 * requests in summary mode: chunks several to a batch, a batch of summaries per service, and its share
 * of a counter commit. The returned future completes when every statement was acknowledged at the configured
 * consistency level, and fails (after retries) if any was not; every statement is idempotent except
 * counter updates, so the sender may simply send the same spans again. A sender that retries until done
 * (the ingester) runs its attempts in a {@link RetriedWrite}: then a retry sends only the rows no earlier
 * attempt got acknowledged ({@link AcknowledgedRows}), not the whole write again.
 */
final class CassandraSpanWriter implements SpanWriter {
  /**
   * A trace's chunk row up to this size is batched with other traces' ({@link ReplicaBatcher}, whose
   * batches stay under Cassandra's 5 KiB warning threshold): at least two to a batch.
   */
  private static final int SMALL_CHUNK_BYTES = 2_000;

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
  private final WriteShape shape;
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
    this.shape = new WriteShape(metrics);
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    WriteGroup group = exec.group(); // completes on the caller's context
    RetriedWrite retried = RetriedWrite.current(); // the ingester's attempt, if any: read on the caller's thread
    AcknowledgedRows acked = retried == null ? null : retried.kept(this, AcknowledgedRows::new);
    boolean resumed = retried != null && retried.attemptNumber() > 1;
    return offLoop(() -> {
      WriteShape.Tally tally = new WriteShape.Tally();
      long now = System.currentTimeMillis();
      DependencyCounts counts = dependencyCounts(now);
      Consumer<Statement<?>> sink = sink(group, tally, acked, resumed);
      // Rows of partitions with one or two rows in this write (chunks and index rows alike).
      ReplicaBatcher small = new ReplicaBatcher(exec.tokenMap(), keyspace, sink);
      byTrace(spans).forEach((id, traceSpans) -> {
        long[] hashes = writeChunks(id, traceSpans, sink, small, tally);
        counts.add(tracker.add(id, traceSpans, hashes, now));
      });
      IndexBatches index = new IndexBatches(p, s.ttlSeconds(), small, sink);
      switch (modes.written()) {
        case SUMMARY -> {
          SummaryRows rows = SummaryRows.of(spans, buckets, s.tagPolicy());
          tally.summaries = rows.rows.size();
          rows.rows.values().forEach(r -> tally.terms += r.operations.size() + r.tags.size());
          index.summaries(rows);
        }
        case PACKED -> tally.packs(index.packs(TracePack.of(SummaryRows.of(spans, buckets, s.tagPolicy()))));
        case ROWS -> index.rows(IndexRows.of(spans, buckets, s.tagPolicy()));
      }
      small.flush();
      writeNames(spans, now, group);
      writeCounts(counts, group);
      shape.add(spans.size(), tally, resumed);
    }, group);
  }

  /**
   * Where a write's rows go: to the executor, counted. In a retried write ({@code acked} not null) each
   * acknowledgement is remembered, and a retry ({@code resumed}) leaves out the rows acknowledged before.
   */
  private Consumer<Statement<?>> sink(WriteGroup group, WriteShape.Tally tally, AcknowledgedRows acked,
      boolean resumed) {
    return st -> {
      Statement<?> rest = resumed ? acked.unacknowledged(st, row -> tally.leftOut(row, p)) : st;
      if (rest != null) {
        tally.sent(rest);
        exec.add(rest, group, true, acked == null ? null : () -> acked.acknowledged(rest));
      }
    };
  }

  /**
   * Only the dependency counters, through the same tracker as {@link #write} (so a trace's links are
   * counted once whatever mix of calls brings its spans); no span, index or name row.
   */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    WriteGroup group = exec.group();
    return offLoop(() -> {
      long now = System.currentTimeMillis();
      DependencyCounts counts = dependencyCounts(now);
      byTrace(spans).forEach((id, traceSpans) -> {
        long[] hashes = new long[traceSpans.size()];
        for (int i = 0; i < hashes.length; i++) {
          hashes[i] = linkHash(traceSpans.get(i));
        }
        counts.add(tracker.add(id, traceSpans, hashes, now));
      });
      writeCounts(counts, group);
    }, group);
  }

  /**
   * Builds a write's statements and hands them to the executor on a worker thread, not the caller's event
   * loop: grouping, encoding, compressing and binding an ingester's batch of thousands of spans took
   * seconds of a loaded machine's event loop. Everything the build touches is thread-safe (the
   * collector's event loops have always written concurrently). The result completes on the caller's
   * context once every statement was acknowledged.
   */
  private Future<Void> offLoop(Runnable build, WriteGroup group) {
    Future<Void> built = exec.vertx().executeBlocking(() -> {
      build.run();
      return null;
    }, false);
    return built.transform(ar -> {
      if (ar.failed()) {
        group.fail(ar.cause());
        return failed(ar.cause());
      }
      return group.sealed().recover(this::failed);
    });
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

  /** The counter changes, summed with concurrent writes' into one commit ({@link DependencyCounterCommits}). */
  private void writeCounts(DependencyCounts counts, WriteGroup group) {
    exec.join(counters.add(counts), group);
  }

  /**
   * The chunk rows of one trace (one partition, usually one small row, batched with other traces'
   * small rows owned by the same replicas); returns each span's identity hash for the dependency
   * tracker.
   */
  private long[] writeChunks(TraceId id, List<Span> spans, Consumer<Statement<?>> sink, ReplicaBatcher small,
      WriteShape.Tally tally) {
    List<TraceChunk> chunks = TraceChunk.of(spans);
    tally.chunks += chunks.size();
    chunks.forEach(c -> tally.chunkBytes += c.blob().length);
    if (chunks.size() == 1 && chunks.get(0).blob().length <= SMALL_CHUNK_BYTES) {
      TraceChunk c = chunks.get(0);
      small.add(p.insertChunk().bind(id, c, s.ttlSeconds()), c.blob().length + 64);
    } else {
      PartitionBatch batch = new PartitionBatch(sink);
      for (TraceChunk c : chunks) {
        batch.add(p.insertChunk().bind(id, c, s.ttlSeconds()), c.blob().length + 64);
      }
      batch.flush();
    }
    long[] hashes = new long[spans.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = SpanIdentity.hash(spans.get(i));
    }
    return hashes;
  }

  /** An operation's name as {@code operation_names} keys it. */
  private record OperationName(String service, String kind, String operation) {}

  /** Names not written lately; each is remembered only once Cassandra has it. */
  private void writeNames(List<Span> spans, long now, WriteGroup group) {
    if (!spans.isEmpty() && names.needsWrite(MODE_KEY, now)) {
      // Searches elsewhere read this index as well while this row lives (IndexModes).
      exec.add(modes.marker(s.ttlSeconds()), group, true, () -> names.written(MODE_KEY, now));
    }
    Set<Object> seen = new HashSet<>();
    for (Span span : spans) {
      String service = span.serviceName();
      if (service == null || service.isEmpty()) {
        continue;
      }
      if (seen.add(service) && names.needsWrite(service, now)) {
        exec.add(p.insertServiceName().bind(service, s.ttlSeconds()), group, true,
            () -> names.written(service, now));
      }
      String op = span.operationName();
      if (op == null || op.isEmpty()) {
        continue;
      }
      OperationName key = new OperationName(service, span.kind().tagValue(), op);
      if (seen.add(key) && names.needsWrite(key, now)) {
        exec.add(p.insertOperationName().bind(service, key.kind(), op, s.ttlSeconds()), group, true,
            () -> names.written(key, now));
      }
    }
  }

  private <T> Future<T> failed(Throwable err) {
    metrics.storageWriteFailure("cassandra", err.getClass().getSimpleName());
    return Future.failedFuture(err);
  }
}
