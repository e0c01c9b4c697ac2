package io.weft.net;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every HTTP listener (gRPC ones too) starts here: the node's {@link NetPolicy} adds TLS and the
 * limits on hostile clients for the listener's group, and a failure names the listener and port
 * ("address in use" alone helps nobody). Every request passes the policy's {@link RequestGate}
 * (authentication) before {@code handler} sees it, and on HTTP/1 listeners its {@link CorsPolicy}
 * before that (a browser's preflight carries no token).
 */
public final class HttpListeners {
  private HttpListeners() {}

  /**
   * An HTTP/1.1 listener (HTTP/2 over TLS through ALPN too). Without TLS it does not wait for a
   * cleartext HTTP/2 preface, so a connection counts against the limits from its first moment.
   */
  public static Future<HttpServer> listen(Vertx vertx, ListenerGroup group, HttpServerOptions options,
      Handler<HttpServerRequest> handler, String what) {
    return start(vertx, group, new HttpServerOptions(options).setHttp2ClearTextEnabled(false), handler, what, false);
  }

  /**
   * A gRPC listener: HTTP/2, cleartext (prior knowledge) or over TLS. Cleartext, Vert.x sees a
   * connection once its first bytes tell HTTP/2 from HTTP/1: until then only net.idle-timeout ends
   * one that sends nothing (over TLS the handshake must end within net.header-timeout).
   */
  public static Future<HttpServer> listenGrpc(Vertx vertx, ListenerGroup group, HttpServerOptions options,
      Handler<HttpServerRequest> handler, String what) {
    return start(vertx, group, options, handler, what, true);
  }

  private static Future<HttpServer> start(Vertx vertx, ListenerGroup group, HttpServerOptions options,
      Handler<HttpServerRequest> handler, String what, boolean grpc) {
    NetPolicy policy = NetPolicy.of(vertx);
    HttpServerOptions o = policy.http(group, options);
    ConnectionGuard guard = policy.guard(vertx, group, options.getPort());
    Handler<HttpServerRequest> gated = policy.gate().http(group, handler);
    Handler<HttpServerRequest> chain = grpc ? gated : policy.cors().http(group, gated);
    return vertx.createHttpServer(o).connectionHandler(guard::onConnection).requestHandler(guard.wrap(chain))
        .listen().recover(err -> Future.failedFuture(new ListenException(what, options.getHost(), options.getPort(), err)));
  }
}
