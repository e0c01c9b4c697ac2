package io.weft.query.zipkin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.weft.tenant.TenantPageScript;
import java.nio.file.Path;

/**
 * Zipkin Lens at {@code /zipkin/}, where its index.html ({@code <base href="/zipkin/">}) expects to
 * be and from where it calls {@code /zipkin/config.json} and {@code /zipkin/api/v2/...}, as the
 * Zipkin server serves it: its files from the folder given, its own routes ({@code /zipkin/traces/ID},
 * {@code /zipkin/dependency}, ...) answered with index.html, and Zipkin's UI config. Under tenancy its
 * index.html gets the script that names the tenant remembered by Weft's UI on each of its API calls
 * ({@link TenantPageScript}): Lens itself sends none.
 */
final class Lens {
  /** Zipkin's UI defaults (zipkin.ui.*): 10 traces per search, 15 minutes back, dependencies shown. */
  static final String CONFIG = """
      {"environment":"","queryLimit":10,"defaultLookback":900000,"searchEnabled":true,"logsUrl":null,\
      "supportUrl":null,"archivePostUrl":null,"archiveUrl":null,\
      "dependency":{"enabled":true,"lowErrorRate":0.5,"highErrorRate":0.75}}""";

  private final String folder;
  /** Under tenancy the header naming the tenant, written into index.html's script; null: none. */
  private final String tenantHeader;

  Lens(String folder) {
    this(folder, null);
  }

  Lens(String folder, String tenantHeader) {
    this.folder = folder.isEmpty() ? "" : Path.of(folder).toAbsolutePath().normalize().toString();
    this.tenantHeader = tenantHeader;
  }

  /** {@code rootRedirect}: {@code /} leads to Lens, as on the Zipkin server's port. */
  void mount(Router router, boolean rootRedirect) {
    router.get("/zipkin/config.json").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "max-age=600")
        .end(CONFIG));
    router.get("/zipkin").handler(ctx -> { // Vert.x matches "/zipkin/" here too
      if (ctx.request().path().equals("/zipkin")) {
        redirect(ctx, "/zipkin/");
      } else {
        ctx.next();
      }
    });
    if (rootRedirect && !folder.isEmpty()) {
      router.get("/").handler(ctx -> redirect(ctx, "/zipkin/"));
    }
    if (folder.isEmpty()) {
      router.get("/zipkin/*").handler(ctx -> ctx.response().setStatusCode(404)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("Zipkin Lens is not installed here: set query.zipkin.lens to the folder of its files.\n"
              + "Zipkin's query API is at /zipkin/api/v2 (e.g. /zipkin/api/v2/services).\n"));
      return;
    }
    if (tenantHeader != null) {
      // the page itself never from the static handler: it gets the tenant's script
      router.get("/zipkin/").handler(this::index);
      router.get("/zipkin/index.html").handler(this::index);
    }
    router.get("/zipkin/*").handler(StaticHandler.create(FileSystemAccess.ROOT, folder).setCachingEnabled(false));
    router.get("/zipkin/*").handler(this::indexOrNotFound);
  }

  /** Lens routes in the browser; a path whose last part names a file that is not there is a 404. */
  private void indexOrNotFound(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.substring(path.lastIndexOf('/') + 1).contains(".") && !path.endsWith("/index.html")) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("404 Not Found");
      return;
    }
    index(ctx);
  }

  private void index(RoutingContext ctx) {
    if (tenantHeader != null) {
      ctx.vertx().fileSystem().readFile(folder + "/index.html")
          .onSuccess(html -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
              .putHeader("Cache-Control", "no-cache").end(TenantPageScript.inject(html.toString(), tenantHeader)))
          .onFailure(err -> noIndex(ctx));
      return;
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .sendFile(folder + "/index.html").onFailure(err -> noIndex(ctx));
  }

  private void noIndex(RoutingContext ctx) {
    if (!ctx.response().headWritten()) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("Zipkin Lens has no index.html in " + folder);
    }
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(302).putHeader("Location", to).end();
  }
}
