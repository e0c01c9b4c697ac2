package io.weft.storage.opensearch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ArchiveStore;
import io.weft.storage.ScanResult;
import io.weft.storage.SeriesStore;
import io.weft.storage.SpanStore;
import io.weft.storage.TraceScan;
import io.weft.storage.TraceQuery;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenSearch and Elasticsearch backend: span documents in time-sliced indices written through
 * the bulk API ({@link OpenSearchSpanWriter}, {@link BulkWriter}) and read with searches (one small
 * class per query), over JSON/HTTP with Vert.x's own client ({@link OpenSearchHttp}). {@link #open}
 * checks the server and puts the index templates; once an hour (and soon after start) expired
 * indices are deleted ({@link IndexJanitor}). Archived traces go to an index of their own
 * ({@link OpenSearchArchive}). With {@code opensearch.jaeger-compat} the indices and
 * documents are Jaeger's own.
 */
public final class OpenSearchSpanStore implements SpanStore {
  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchSpanStore.class);

  private final Vertx vertx;
  private final OpenSearchHttp http;
  private final OpenSearchSettings s;
  private final ServerInfo server;
  private final OpenSearchSpanWriter writer;
  private final BulkWriter bulk;
  private final IndexNames names;
  private final Searches searches;
  private final SpanFilters filters;
  private final TraceFetch fetch;
  private final NameQueries nameQueries;
  private final DependencyQuery dependencies;
  private final IndexJanitor janitor;
  private final OpenSearchArchive archive;
  private final OpenSearchSeriesStore series;
  private final long janitorTimer;

  private OpenSearchSpanStore(Vertx vertx, OpenSearchHttp http, OpenSearchSettings s, ServerInfo server,
      WeftMetrics metrics) {
    this.vertx = vertx;
    this.http = http;
    this.s = s;
    this.server = server;
    this.names = s.indexNames();
    this.bulk = new BulkWriter(vertx, http, s, metrics);
    this.writer = new OpenSearchSpanWriter(bulk, names, s.jaegerCompat());
    this.searches = new Searches(vertx, http);
    this.filters = new SpanFilters(s.jaegerCompat());
    this.fetch = new TraceFetch(searches, filters);
    this.nameQueries = new NameQueries(searches, names, s.jaegerCompat());
    this.dependencies = new DependencyQuery(searches, names, s.jaegerCompat());
    this.janitor = new IndexJanitor(http, names, s.retentionMicros());
    this.archive = new OpenSearchArchive(bulk, new BulkActions(names, s.jaegerCompat()), fetch, names,
        s.archiveAliases());
    this.series = new OpenSearchSeriesStore(bulk, searches, names);
    this.janitorTimer = vertx.setPeriodic(10_000, 3_600_000, id -> janitor.run(System.currentTimeMillis() * 1000));
    metrics.gauge("weft_opensearch_bulk_in_flight", "bulk requests sent to OpenSearch, not yet answered", bulk::inFlight);
    metrics.gauge("weft_opensearch_bulk_queued_bytes", "bytes of bulk actions waiting for a request slot",
        bulk::queuedBytes);
    metrics.gauge("weft_opensearch_tracked_traces", "recent traces whose dependency links this node keeps",
        writer::trackedTraces);
  }

  /** Connects, checks the server and puts the index templates; fails if no node answers. */
  public static Future<OpenSearchSpanStore> open(Vertx vertx, OpenSearchSettings s, WeftMetrics metrics) {
    OpenSearchHttp http = new OpenSearchHttp(vertx, s);
    return ServerInfo.fetch(http)
        .compose(server -> (s.createTemplates() ? new TemplateInstaller(http, s, server).apply()
            : Future.<Void>succeededFuture()).map(server))
        .map(server -> {
          LOG.info("{} at {}: {} layout, indices {}*", server.name(), s.urls(), s.jaegerCompat() ? "Jaeger's" : "Weft's",
              s.indexNames().base(IndexNames.SPAN));
          return new OpenSearchSpanStore(vertx, http, s, server, metrics);
        })
        .recover(err -> http.close().transform(ignored -> Future.failedFuture(new IllegalStateException(
            "OpenSearch storage (" + s.urls() + "): " + err.getMessage(), err))));
  }

  public OpenSearchSettings settings() {
    return s;
  }

  /** The server this store talks to, e.g. "OpenSearch 2.19.6". */
  public String serverName() {
    return server.name();
  }

  /** The archive ({@code …-span-archive}) over this store's connection: closed with the store. */
  public ArchiveStore archive() {
    return archive;
  }

  /** Span metrics ({@code …-metrics-<date>}) over this store's connection: closed with the store. */
  public SeriesStore seriesStore() {
    return series;
  }

  /** Runs retention now (the store also does so hourly); the indices deleted. */
  public Future<List<String>> expireIndices(long nowMicros) {
    return janitor.run(nowMicros);
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    return writer.write(spans);
  }

  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    return writer.writeLinksOnly(spans);
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return fetch.trace(names.searchable(IndexNames.SPAN), traceId);
  }

  @Override
  public Future<List<String>> getServices() {
    return nameQueries.services();
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    return nameQueries.operations(service, spanKind);
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return new TraceSearch(searches, fetch, names, filters, query).run();
  }

  /** Candidates as a search finds them, each trace tested by the scan's filter; stops at the limit or budget. */
  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    return new TraceSearch(searches, fetch, names, filters, scan.candidates(), scan.filter(),
        scan.budgetOr(DEFAULT_SCAN_BUDGET)).scan();
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    return dependencies.run(endMicros, lookbackMicros);
  }

  /** What the cold tier's handoff moves: traces with a span starting in the range ({@link TracesStartedIn}). */
  @Override
  public Future<List<TraceId>> traceIdsStartedIn(long fromMicros, long toMicros) {
    return new TracesStartedIn(searches, names).run(fromMicros, toMicros);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(janitorTimer);
    return http.close();
  }
}
