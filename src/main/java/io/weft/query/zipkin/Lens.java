package io.weft.query.zipkin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;

/**
 * Zipkin Lens at {@code /zipkin/}, where its index.html ({@code <base href="/zipkin/">}) expects to
 * be and from where it calls {@code /zipkin/config.json} and {@code /zipkin/api/v2/...}, as the
 * Zipkin server serves it: its files from the folder given, its own routes ({@code /zipkin/traces/ID},
 * {@code /zipkin/dependency}, ...) answered with index.html, and Zipkin's UI config.
 */
final class Lens {
  /** Zipkin's UI defaults (zipkin.ui.*): 10 traces per search, 15 minutes back, dependencies shown. */
  static final String CONFIG = """
      {"environment":"","queryLimit":10,"defaultLookback":900000,"searchEnabled":true,"logsUrl":null,\
      "supportUrl":null,"archivePostUrl":null,"archiveUrl":null,\
      "dependency":{"enabled":true,"lowErrorRate":0.5,"highErrorRate":0.75}}""";

  private final String folder;

  Lens(String folder) {
    this.folder = folder.isEmpty() ? "" : Path.of(folder).toAbsolutePath().normalize().toString();
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
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .sendFile(folder + "/index.html").onFailure(err -> {
          if (!ctx.response().headWritten()) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("Zipkin Lens has no index.html in " + folder);
          }
        });
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(302).putHeader("Location", to).end();
  }
}
