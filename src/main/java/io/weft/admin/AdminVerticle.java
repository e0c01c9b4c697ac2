package io.weft.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.weft.metrics.WeftMetrics;
import io.weft.net.HttpListeners;
import io.weft.net.ListenerGroup;
import io.vertx.core.http.HttpServerOptions;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The admin port: {@code /health} (200 when ready, 503 otherwise) and {@code /metrics} in Prometheus text. */
public final class AdminVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final WeftMetrics metrics;
  private final Supplier<JsonObject> health;
  private final Consumer<Router> extra;
  private HttpServer server;

  /**
   * {@code health} answers a JSON object whose {@code status} is "ready" when the node serves;
   * {@code extra} mounts further admin routes (the cluster's roles API).
   */
  public AdminVerticle(String host, int port, WeftMetrics metrics, Supplier<JsonObject> health, Consumer<Router> extra) {
    this.host = host;
    this.port = port;
    this.metrics = metrics;
    this.health = health;
    this.extra = extra;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    extra.accept(router);
    router.get("/health").handler(ctx -> {
      JsonObject h = health.get();
      ctx.response().setStatusCode("ready".equals(h.getString("status")) ? 200 : 503)
          .putHeader("content-type", "application/json").end(h.encode());
    });
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(metrics::scrape, false)
        .onSuccess(text -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text))
        .onFailure(ctx::fail));
    router.get("/").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("endpoints", new JsonArray().add("/health").add("/metrics")).encode()));
    return HttpListeners.listen(vertx, ListenerGroup.ADMIN, new HttpServerOptions().setHost(host).setPort(port), router, "admin")
        .onSuccess(s -> server = s);
  }

  /**
   * Under tenancy {@code /metrics} holds every tenant's figures (span metrics labelled {@code tenant}, the
   * tenants' counters): a token that names a tenant is refused it (403), so only an operator's token (one
   * naming no tenant) reads it; refusals count in {@code weft_auth_refused_total{listener="admin",
   * reason="tenant_token"}}. Mount before the routes above ({@code extra}).
   */
  public static void metricsForOperatorsOnly(Router router, WeftMetrics metrics) {
    io.micrometer.core.instrument.Counter refused = io.micrometer.core.instrument.Counter.builder("weft_auth_refused")
        .description("requests refused by authentication or authorization, per listener group and reason")
        .tag("listener", ListenerGroup.ADMIN.id()).tag("reason", "tenant_token").register(metrics.meterRegistry());
    router.get("/metrics").handler(ctx -> {
      String tenant = ctx.request().getHeader(io.weft.auth.AuthGate.TENANT_HEADER);
      if (tenant == null) {
        ctx.next();
        return;
      }
      refused.increment();
      ctx.response().setStatusCode(403).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", "/metrics holds every tenant's figures: it needs a token that names no "
              + "tenant (this token's tenant is '" + tenant + "')").encode());
    });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
