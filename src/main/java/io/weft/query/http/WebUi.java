package io.weft.query.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;

/**
 * Serves the web UI's directory at {@code /}. The UI routes in the browser ({@code /trace/abc},
 * {@code /search}, ...), so any other GET outside {@code /api} gets its {@code index.html}.
 * Without the directory, {@code /} says so in plain text; the API works regardless.
 */
final class WebUi {
  /** The copy of the UI packed into the jar, found on the classpath by Vert.x's file resolver. */
  private static final String BUNDLED = "webroot";

  private final Vertx vertx;
  private final String root;
  private final FileSystemAccess access;

  /** {@code webroot} is the folder if it exists (checked once, off the event loop), else the jar's copy. */
  WebUi(Vertx vertx, String webroot, boolean folderExists) {
    this.vertx = vertx;
    this.root = folderExists ? Path.of(webroot).toAbsolutePath().normalize().toString() : BUNDLED;
    this.access = folderExists ? FileSystemAccess.ROOT : FileSystemAccess.RELATIVE;
  }

  static boolean folderExists(String webroot) {
    return java.nio.file.Files.isDirectory(Path.of(webroot));
  }

  void mount(Router router) {
    // No caching of file properties: the UI's files may be edited while we run.
    router.route().handler(StaticHandler.create(access, root).setCachingEnabled(false));
    router.get().handler(this::indexOrNotice);
  }

  private void indexOrNotice(RoutingContext ctx) {
    String index = root + "/index.html";
    vertx.fileSystem().exists(index).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "no-cache")
            .sendFile(index);
      } else {
        ctx.response().setStatusCode(ctx.request().path().equals("/") ? 200 : 404)
            .putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("Weft query service: the web UI is not installed (no " + index + ").\n"
                + "The Jaeger-compatible API is at /api (e.g. /api/services).\n");
      }
    });
  }
}
