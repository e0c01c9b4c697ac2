package io.weft.query.http;

import io.weft.query.QueryOptions;
import io.weft.query.QueryService;
import io.weft.query.TraceAssembler;
import io.weft.query.apiv3.ApiV3Routes;
import io.weft.query.tempo.TempoApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.weft.net.HttpListeners;
import io.weft.net.ListenerGroup;
import io.weft.query.http.JaegerIndexHtml.Capabilities;
import io.weft.storage.SpanReader;
import io.weft.storage.archive.TraceArchiver;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenancySettings;
import io.weft.tenant.TenantResolver;
import io.weft.tenant.TenantRouting;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The query HTTP server (Jaeger's port 16686): Jaeger v2's api_v3 under {@code /api/v3}, the classic
 * Jaeger JSON API under {@code /api}, Grafana Tempo's search API beside it ({@link TempoApi}), the web
 * UI's files at {@code /}, and optionally a Jaeger UI build ({@link JaegerUi}). All reads go through a
 * {@link QueryService}; archiving through a {@link TraceArchiver}.
 *
 * <p>Under tenancy each request's tenant is resolved first and the request handed to that tenant's
 * router, built over that tenant's reader, archive and extra routes only ({@link TenantRouting}).
 */
public final class QueryVerticle extends VerticleBase {
  /** What one tenant's router reads: its reader, its archive (null: none), and further routes of its own. */
  public record TenantReads(SpanReader reader, TraceArchiver archiver, Consumer<Router> extra) {}

  private final Function<String, TenantReads> reads;
  private final TenantResolver tenants;
  private final QueryOptions options;
  private final JaegerUiSettings jaegerUi;
  private final boolean metricsStorage;
  private final Consumer<Router> lensFiles;
  private final boolean webrootFolderExists;
  private HttpServer server;

  public QueryVerticle(SpanReader reader, QueryOptions options) {
    this(reader, options, null, JaegerUiSettings.none(), r -> { });
  }

  /**
   * {@code archiver} null: no archive storage. {@code extra} mounts further routes (event-bus bridge,
   * cluster view) ahead of the API's catch-all.
   */
  public QueryVerticle(SpanReader reader, QueryOptions options, TraceArchiver archiver, JaegerUiSettings jaegerUi,
      Consumer<Router> extra) {
    this(reader, options, archiver, jaegerUi, extra, false);
  }

  /** {@code metricsStorage}: the metrics API answers (span metrics on), so the Jaeger UI shows its Monitor tab. */
  public QueryVerticle(SpanReader reader, QueryOptions options, TraceArchiver archiver, JaegerUiSettings jaegerUi,
      Consumer<Router> extra, boolean metricsStorage) {
    this(t -> new TenantReads(reader, archiver, extra), TenantResolver.disabled(), options, jaegerUi, metricsStorage);
  }

  /** Each tenant's routes over {@code reads.apply(tenant)}; {@code tenants} resolves a request's tenant. */
  public QueryVerticle(Function<String, TenantReads> reads, TenantResolver tenants, QueryOptions options,
      JaegerUiSettings jaegerUi, boolean metricsStorage) {
    this(reads, tenants, options, jaegerUi, metricsStorage, null);
  }

  /**
   * The same, and under tenancy {@code lensFiles} mounts Zipkin Lens's files at {@code /zipkin/} among the
   * files served before a tenant is known (null: {@code /zipkin/} is the tenant's, Lens or not).
   */
  public QueryVerticle(Function<String, TenantReads> reads, TenantResolver tenants, QueryOptions options,
      JaegerUiSettings jaegerUi, boolean metricsStorage, Consumer<Router> lensFiles) {
    this.lensFiles = lensFiles;
    this.metricsStorage = metricsStorage;
    this.reads = reads;
    this.tenants = tenants;
    this.options = options;
    this.jaegerUi = jaegerUi;
    this.webrootFolderExists = WebUi.folderExists(options.webroot());
  }

  @Override
  public Future<?> start() {
    PerTenant<Router> routers = new PerTenant<>(t -> router(reads.apply(t)));
    Handler<HttpServerRequest> handler = TenantRouting.http(tenants, routers);
    if (tenants.enabled()) {
      handler = new TenantFrontDoor(tenants, uiFiles(), handler, lensFiles != null);
    }
    return HttpListeners.listen(vertx, ListenerGroup.QUERY, new HttpServerOptions().setHost(options.host())
            .setPort(options.port()).setCompressionSupported(true), handler, "query")
        .onSuccess(s -> server = s);
  }

  /** The UIs' files alone, without data: what a browser loads before it can name a tenant. */
  private Router uiFiles() {
    Router router = Router.router(vertx);
    if (lensFiles != null) {
      lensFiles.accept(router);
    }
    if (jaegerUi.enabled()) {
      new JaegerUi(vertx, jaegerUi, new Capabilities(anyArchive(), metricsStorage, true), tenants.settings().header())
          .mount(router);
    }
    if (!jaegerUi.enabled() || !jaegerUi.basePath().equals("/")) {
      new WebUi(vertx, options.webroot(), webrootFolderExists).mount(router);
    }
    return router;
  }

  /** Whether tenants have an archive (the same for all: one storage type), asked of a tenant known at start. */
  private boolean anyArchive() {
    TenancySettings s = tenants.settings();
    String known = !s.allowed().isEmpty() ? s.allowed().iterator().next() : s.defaultTenant();
    return !known.isEmpty() && reads.apply(known).archiver() != null;
  }

  private Router router(TenantReads tr) {
    TraceArchiver archiver = tr.archiver();
    QueryService service = new QueryService(tr.reader(), new TraceAssembler(options.maxClockSkewAdjustment()),
        options.searchLimits());
    Router router = Router.router(vertx);
    tr.extra().accept(router);
    new ApiV3Routes(vertx, service).mount(router);
    new TempoApi(vertx, service, () -> System.currentTimeMillis() * 1000).mount(router);
    new QueryApi(service, archiver, () -> System.currentTimeMillis() * 1000).mount(router);
    if (jaegerUi.enabled()) {
      new JaegerUi(vertx, jaegerUi, new Capabilities(archiver != null, metricsStorage, true),
          tenants.enabled() ? tenants.settings().header() : null).mount(router);
    }
    if (!jaegerUi.enabled() || !jaegerUi.basePath().equals("/")) {
      new WebUi(vertx, options.webroot(), webrootFolderExists).mount(router);
    }
    return router;
  }

  /** The port listened on (useful with port 0); -1 before start. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
