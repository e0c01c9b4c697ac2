package io.weft.net;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** Starts HTTP listeners with a failure that names the listener and port ("address in use" alone helps nobody). */
public final class HttpListeners {
  private HttpListeners() {}

  public static Future<HttpServer> listen(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler,
      String what) {
    return vertx.createHttpServer(options).requestHandler(handler).listen().recover(err -> Future.failedFuture(
        new ListenException(what, options.getHost(), options.getPort(), err)));
  }
}
