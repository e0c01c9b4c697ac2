package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.metrics.WeftMetrics;
import java.util.List;

/**
 * What span writes send Cassandra, counted in /metrics so the shape of a path's writes (requests, rows,
 * bytes and index terms per stored span) can be compared from its counters alone: the collector's and
 * the ingester's writes, a small write and a large one. Summed per write, so the cost is a few adds.
 */
final class WriteShape {
  private final Counter writes;
  private final Counter spans;
  private final Counter requests;
  private final Counter chunkRows;
  private final Counter chunkBytes;
  private final Counter summaryRows;
  private final Counter summaryTerms;
  private final Counter indexRows;
  private final Counter packRows;
  private final Counter packedSummaries;
  private final Counter resumed;
  private final Counter resentRequests;
  private final Counter rowsNotResent;

  WriteShape(WeftMetrics metrics) {
    MeterRegistry r = metrics.meterRegistry();
    writes = Counter.builder("weft_cassandra_span_writes").description("span writes (SpanWriter.write calls)")
        .register(r);
    spans = Counter.builder("weft_cassandra_span_write_spans").description("spans in those writes").register(r);
    requests = Counter.builder("weft_cassandra_span_write_requests")
        .description("requests those writes sent for chunks, index rows and summaries (a batch is one)").register(r);
    chunkRows = Counter.builder("weft_cassandra_span_write_rows").tag("table", "trace_chunks")
        .description("rows those writes sent, by table").register(r);
    summaryRows = Counter.builder("weft_cassandra_span_write_rows").tag("table", "trace_summary")
        .description("rows those writes sent, by table").register(r);
    indexRows = Counter.builder("weft_cassandra_span_write_rows").tag("table", "index")
        .description("rows those writes sent, by table").register(r);
    packRows = Counter.builder("weft_cassandra_span_write_rows").tag("table", "trace_packs")
        .description("rows those writes sent, by table").register(r);
    packedSummaries = Counter.builder("weft_cassandra_span_write_packed_summaries")
        .description("trace summaries in the trace_packs rows (packed index mode)").register(r);
    chunkBytes = Counter.builder("weft_cassandra_span_write_chunk_bytes")
        .description("bytes of the chunk rows' span blobs").register(r);
    summaryTerms = Counter.builder("weft_cassandra_span_write_summary_terms")
        .description("set elements (operations, key=value tags) of the summary rows: storage-attached index terms")
        .register(r);
    resumed = Counter.builder("weft_cassandra_span_write_resumed")
        .description("writes that retried a failed write (the ingester's), sending only rows no attempt got "
            + "acknowledged").register(r);
    resentRequests = Counter.builder("weft_cassandra_span_write_resent_requests")
        .description("requests those retries sent (also in weft_cassandra_span_write_requests)").register(r);
    rowsNotResent = Counter.builder("weft_cassandra_span_write_rows_not_resent")
        .description("rows those retries left out: acknowledged by an earlier attempt").register(r);
  }

  /** Tallies of one write, added to the counters once it is built. */
  static final class Tally {
    int requests;
    int rows;
    int chunks;
    long chunkBytes;
    int summaries;
    int terms;
    int packRows;
    int packedSummaries;
    /** Rows a retry left out (and took off the counts above, which count rows sent). */
    int rowsLeftOut;

    /** A packed write's pack rows and the summaries they hold. */
    void packs(List<TracePack> packs) {
      for (TracePack pack : packs) {
        packedSummaries += pack.summaries();
      }
      packRows += packs.size();
    }

    void sent(Statement<?> st) {
      requests++;
      rows += st instanceof BatchStatement b ? b.size() : 1;
    }

    /** A row a retry left out, acknowledged by an earlier attempt: not sent, so not counted as sent. */
    void leftOut(BatchableStatement<?> row, Prepared p) {
      rowsLeftOut++;
      if (row instanceof BoundStatement b && p.insertChunk().binds(b)) {
        chunks--;
        chunkBytes -= InsertChunk.blobBytes(b);
      } else if (row instanceof BoundStatement b && p.updateSummary().binds(b)) {
        summaries--;
        terms -= UpdateSummary.terms(b);
      } else if (row instanceof BoundStatement b && p.insertPack().binds(b)) {
        packedSummaries -= InsertPack.summaries(b);
        packRows--;
      }
    }
  }

  /** {@code resumed}: the write retried a failed one. */
  void add(int spanCount, Tally t, boolean resumed) {
    if (resumed) {
      this.resumed.increment();
      resentRequests.increment(t.requests);
      rowsNotResent.increment(t.rowsLeftOut);
    }
    writes.increment();
    spans.increment(spanCount);
    requests.increment(t.requests);
    chunkRows.increment(t.chunks);
    chunkBytes.increment(t.chunkBytes);
    summaryRows.increment(t.summaries);
    summaryTerms.increment(t.terms);
    indexRows.increment(Math.max(0, t.rows - t.chunks - t.summaries - t.packRows));
    packRows.increment(t.packRows);
    packedSummaries.increment(t.packedSummaries);
  }
}
