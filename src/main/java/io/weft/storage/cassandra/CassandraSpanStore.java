package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.vertx.cassandra.CassandraClientOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.storage.ArchiveStore;
import io.weft.storage.SpanStore;
import io.weft.storage.ScanResult;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The Cassandra backend: {@link CassandraSpanWriter} and {@link CassandraSpanReader} over one
 * driver session (the driver's asynchronous API; vertx-cassandra-client's options), opened by {@link #open}, which also creates,
 * upgrades or checks the schema ({@link CassandraSchema}). Once an hour it deletes expired
 * dependency counter buckets, the only data a TTL cannot expire; once a minute it asks whether
 * the v1 span table still holds rows ({@link TraceFetch}).
 */
public final class CassandraSpanStore implements SpanStore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CassandraSpanStore.class);
  private final Vertx vertx;
  private final CqlExecutor exec;
  private final Prepared p;
  private final CassandraSettings s;
  private final CassandraSpanWriter writer;
  private final CassandraSpanReader reader;
  private final CassandraArchive archive;
  private final long janitor;
  private final long tokenRefresh;
  private final long legacyCheck;
  private final CassandraSeriesStore series;

  private CassandraSpanStore(Vertx vertx, CqlExecutor exec, Prepared p, CassandraSettings s,
      TraceFetch fetch, WeftMetrics metrics, CassandraSeriesStore series, IndexModes modes) {
    this.vertx = vertx;
    this.series = series;
    this.exec = exec;
    this.p = p;
    this.s = s;
    this.writer = new CassandraSpanWriter(exec, p, s, metrics, modes);
    this.reader = new CassandraSpanReader(exec, p, s, fetch, modes);
    this.archive = new CassandraArchive(exec, p, s);
    long period = Math.max(10, Math.min(3600, s.bucketSeconds())) * 1000;
    this.janitor = vertx.setPeriodic(1000, period, id -> expireDependencyBuckets());
    this.tokenRefresh = vertx.setPeriodic(10_000, id -> exec.refreshTokenMap());
    // Also while it is empty: during a rolling upgrade older nodes may still write there.
    this.legacyCheck = vertx.setPeriodic(TraceFetch.RECHECK_MS, id -> {
      fetch.checkLegacyRows();
      modes.refresh(exec);
    });
  }

  /** Connects, creates or checks the schema, prepares every statement. Fails if Cassandra cannot be reached. */
  public static Future<CassandraSpanStore> open(Vertx vertx, CassandraSettings s, WeftMetrics metrics) {
    // The driver's asynchronous API directly (CqlExecutor says why), with the options the Vert.x client takes.
    Future<CqlSession> session = Future.fromCompletionStage(clientOptions(s).dataStaxClusterBuilder().buildAsync(),
        vertx.getOrCreateContext());
    return session.compose(cql -> {
      CqlExecutor exec = new CqlExecutor(vertx, cql, s.writeConcurrency(), metrics);
      return open(vertx, s, metrics, exec).recover(err -> exec.close().transform(ignored -> Future.failedFuture(err)));
    }).recover(err -> Future.failedFuture(new IllegalStateException(
        "Cassandra storage (" + s.contactPoints().stream().map(a -> a.getHostString() + ":" + a.getPort()).toList()
            + ", keyspace " + s.keyspace() + "): " + (s.tls().explain(err) != null ? s.tls().explain(err)
            : err.getMessage()),
        err)));
  }

  private static Future<CassandraSpanStore> open(Vertx vertx, CassandraSettings s, WeftMetrics metrics,
      CqlExecutor exec) {
    CassandraSchema schema = new CassandraSchema(s);
    IndexModes[] modes = new IndexModes[1];
    return IndexModes.releaseMajor(exec).compose(major -> {
      modes[0] = new IndexModes(IndexModes.choose(s.indexMode(), major), s.keyspace());
      LOG.info("Cassandra keyspace {}: node release {}, cassandra.index.mode={} -> searching through {}", s.keyspace(),
          major, s.indexMode(), switch (modes[0].written()) {
            case SUMMARY -> "trace summaries with storage-attached indexes";
            case PACKED -> "trace summaries packed per write, read and tested";
            case ROWS -> "index rows";
          });
      return s.createSchema() ? schema.apply(exec, CassandraSchema.VERSION, major >= 5) : schema.check(exec);
    })
        .compose(v -> modes[0].refresh(exec))
        .compose(v -> exec.refreshTokenMap())
        .compose(v -> Prepared.prepare(exec, s.keyspace()))
        .compose(p -> {
          TraceFetch fetch = new TraceFetch(exec, p, s.keyspace());
          return fetch.checkLegacyRows().map(v -> fetch);
        })
        .compose(fetch -> CassandraSeriesStore.open(exec, s).map(series -> {
          metrics.gauge("weft_cassandra_statements_in_flight", "statements sent to Cassandra, not yet answered",
              exec::inFlight);
          metrics.gauge("weft_cassandra_statements_queued", "write statements waiting for a free slot "
              + "(cassandra.write-concurrency)", exec::queued);
          return new CassandraSpanStore(vertx, exec, fetch.prepared(), s, fetch, metrics, series, modes[0]);
        }));
  }

  /** The driver options Weft connects with (contact points, datacenter, timeouts). */
  public static CassandraClientOptions clientOptions(CassandraSettings s) {
    CassandraClientOptions o = new CassandraClientOptions();
    for (InetSocketAddress a : s.contactPoints()) {
      o.addContactPoint(a.getHostString(), a.getPort());
    }
    if (!s.username().isEmpty()) {
      o.setUsername(s.username()).setPassword(s.password());
    }
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, s.consistency())
        // Longer than Cassandra's own 2 s write timeout, so a slow write is reported by the
        // server (WriteTimeoutException, then retried) rather than abandoned by the client.
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
        // Find a restarted node within seconds, not the default minute.
        .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(200))
        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
        // Each schema change waits for the driver's metadata refresh, debounced by 1 s by default:
        // ten tables would take ten seconds.
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(20))
        .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, Math.max(1024, s.writeConcurrency() * 2))
        .build();
    // Without an explicit local datacenter the driver refuses explicit contact points.
    o.dataStaxClusterBuilder().withLocalDatacenter(s.localDatacenter()).withConfigLoader(config);
    if (s.tls().enabled()) {
      o.dataStaxClusterBuilder().withSslEngineFactory(s.tls().engineFactory());
    }
    return o;
  }

  /** The span metrics kept beside the spans, over the same session. */
  public CassandraSeriesStore seriesStore() {
    return series;
  }

  /** The archive ({@code archived_traces}) over this store's session: closed with the store. */
  public ArchiveStore archive() {
    return archive;
  }

  public CassandraSettings settings() {
    return s;
  }

  /** Adaptive sampling's store and lease over this session; throughput rows live {@code throughputTtlMs}. */
  public CassandraSamplingStore samplingStore(long throughputTtlMs) {
    return new CassandraSamplingStore(exec, s.keyspace(), throughputTtlMs, s.ttlSeconds());
  }

  /** Its executor (tests). */
  CqlExecutor executor() {
    return exec;
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
    return reader.getTrace(traceId);
  }

  @Override
  public Future<List<String>> getServices() {
    return reader.getServices();
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    return reader.getOperations(service, spanKind);
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return reader.findTraces(query);
  }

  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    return reader.scanTraces(scan);
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    return reader.getDependencies(endMicros, lookbackMicros);
  }

  @Override
  public Future<List<TraceId>> traceIdsStartedIn(long fromMicros, long toMicros) {
    return reader.traceIdsStartedIn(fromMicros, toMicros);
  }

  /**
   * Deletes the counter buckets that ended more than a TTL ago (the last few, in case a run was
   * missed). Writers never add to a bucket that old (see {@link DependencyCounts}).
   */
  Future<Void> expireDependencyBuckets() {
    Buckets b = s.buckets();
    long cutoff = System.currentTimeMillis() * 1000 - s.ttlMicros();
    long last = b.of(cutoff) - b.seconds();
    List<Future<Void>> deletes = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long bucket = last - i * b.seconds();
      deletes.add(exec.write(p.deleteDependencyBucket().bucket(bucket), null, true));
      deletes.add(exec.write(p.deleteDependencyBucket().second(bucket), null, true));
    }
    return Future.join(deletes).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(janitor);
    vertx.cancelTimer(tokenRefresh);
    vertx.cancelTimer(legacyCheck);
    return exec.close();
  }
}
