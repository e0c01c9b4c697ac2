package io.weft.query.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.weft.query.http.JaegerIndexHtml.Capabilities;

/**
 * Serves a Jaeger UI build ({@code query.ui.jaeger-dist}) on the query port at its base path, as Jaeger's
 * query service serves it: files as they are, and for every other route of the single-page app its
 * {@code index.html} with this backend's capabilities written in ({@link JaegerIndexHtml}). A missing
 * file (a path with an extension) is a 404. The UI calls {@code api/} and {@code analytics/} under its own
 * base path, so under {@code /jaeger} those are routed to the query API at {@code /api} and {@code /analytics}.
 * The page is read and enriched on each request: a new build or an edited UI config shows on reload.
 */
final class JaegerUi {
  private final Vertx vertx;
  private final JaegerUiSettings settings;
  private final Capabilities caps;
  private final String version;
  private final String tenantHeader;

  JaegerUi(Vertx vertx, JaegerUiSettings settings, Capabilities caps) {
    this(vertx, settings, caps, null);
  }

  /** {@code tenantHeader}: the header naming a tenant under tenancy (null: none), sent by the page's script. */
  JaegerUi(Vertx vertx, JaegerUiSettings settings, Capabilities caps, String tenantHeader) {
    this.tenantHeader = tenantHeader;
    this.vertx = vertx;
    this.settings = settings;
    this.caps = caps;
    String v = JaegerUi.class.getPackage().getImplementationVersion();
    this.version = "weft-" + (v == null ? "dev" : v);
  }

  void mount(Router router) {
    String prefix = settings.prefix();
    if (!prefix.isEmpty()) {
      // A route for /jaeger also matches /jaeger/: only the bare prefix is redirected.
      router.get(prefix).handler(ctx -> {
        if (ctx.request().path().equals(prefix)) {
          ctx.redirect(prefix + "/");
        } else {
          ctx.next();
        }
      });
      for (String api : new String[] {"/api", "/analytics"}) {
        // The whole URI: rerouting to a bare path would drop the query string.
        router.route(prefix + api + "/*").handler(ctx -> ctx.reroute(ctx.request().uri().substring(prefix.length())));
      }
    }
    router.get(prefix + "/").handler(this::index);
    router.get(prefix + "/index.html").handler(this::index);
    router.route(prefix + "/*").handler(StaticHandler.create(FileSystemAccess.ROOT, settings.dist().toString())
        .setIncludeHidden(false).setDirectoryListing(false));
    router.get(prefix + "/*").handler(ctx -> {
      if (WebUi.namesAFile(ctx.request().path())) {
        ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("Not found: " + ctx.request().path() + "\n");
      } else {
        index(ctx);
      }
    });
  }

  private void index(RoutingContext ctx) {
    Future<Buffer> config = settings.configFile().isEmpty() ? Future.succeededFuture(null)
        : vertx.fileSystem().readFile(settings.configFile());
    Future.all(vertx.fileSystem().readFile(settings.dist().resolve("index.html").toString()), config)
        .map(all -> {
          Buffer cfg = all.resultAt(1);
          return JaegerIndexHtml.enrich(all.<Buffer>resultAt(0).toString(), settings.basePath(), caps, version,
              cfg == null ? null : settings.configFile(), cfg == null ? null : cfg.toString(), tenantHeader);
        })
        .onSuccess(html -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "no-cache").end(html))
        .onFailure(err -> ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("Jaeger UI: " + err.getMessage() + "\n"));
  }
}
