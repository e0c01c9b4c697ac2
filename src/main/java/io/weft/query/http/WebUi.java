package io.weft.query.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Serves the web UI's directory at {@code /}. The UI routes in the browser ({@code /trace/abc},
 * {@code /search}, ...), so any other GET outside {@code /api} gets its {@code index.html}, except a
 * path naming a file ({@code /js/app.js}): a missing script or style is a 404, not the page.
 * Without the directory, {@code /} says so in plain text; the API works regardless.
 */
final class WebUi {
  /** The copy of the UI packed into the jar, found on the classpath by Vert.x's file resolver. */
  private static final String BUNDLED = "webroot";

  /** A last path segment with an extension; {@code a...b} (the compare route's two trace ids) has none. */
  private static final Pattern FILE_NAME = Pattern.compile("(?:.*[^.])?\\.[A-Za-z0-9]+");

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

  /** True for {@code /js/main.js} or {@code /favicon.ico}; false for UI routes such as {@code /trace/abc}. */
  static boolean namesAFile(String path) {
    return FILE_NAME.matcher(path.substring(path.lastIndexOf('/') + 1)).matches();
  }

  private void indexOrNotice(RoutingContext ctx) {
    if (namesAFile(ctx.request().path())) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("Not found: " + ctx.request().path() + "\n");
      return;
    }
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
