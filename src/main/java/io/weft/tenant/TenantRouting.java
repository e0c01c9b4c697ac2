package io.weft.tenant;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * A listener's request handler under tenancy: each request's tenant is resolved once, from its headers
 * (gRPC metadata are HTTP/2 headers), and the request is handed whole to that tenant's handler (a router,
 * a gRPC server) built over that tenant's parts only, so nothing behind it can reach another tenant's data.
 * Without tenancy it is the one tenant's handler itself.
 */
public final class TenantRouting {
  private TenantRouting() {}

  public static Handler<HttpServerRequest> http(TenantResolver resolver,
      PerTenant<? extends Handler<HttpServerRequest>> handlers) {
    return http(resolver, handlers, TenantRouting::refuseJson);
  }

  public static Handler<HttpServerRequest> http(TenantResolver resolver,
      PerTenant<? extends Handler<HttpServerRequest>> handlers,
      BiConsumer<HttpServerRequest, TenantRefusedException> refuse) {
    if (!resolver.enabled()) {
      return handlers.of(TenancySettings.IMPLICIT);
    }
    // Listed tenants' handlers are built now, as the listener starts, not inside a first request.
    resolver.settings().allowed().forEach(handlers::of);
    return req -> {
      String tenant;
      try {
        tenant = resolver.resolve(req.headers());
      } catch (TenantRefusedException e) {
        refuse.accept(req, e);
        return;
      }
      handlers.of(tenant).handle(req);
    };
  }

  /** gRPC: a refusal is a trailers-only answer with the status (UNAUTHENTICATED, PERMISSION_DENIED, ...). */
  public static Handler<HttpServerRequest> grpc(TenantResolver resolver,
      PerTenant<? extends Handler<HttpServerRequest>> servers) {
    return http(resolver, servers, TenantRouting::refuseGrpc);
  }

  /** {@code {"error": reason}} with the refusal's status. */
  public static void refuseJson(HttpServerRequest req, TenantRefusedException e) {
    req.response().setStatusCode(e.httpStatus()).putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", e.getMessage()).encode());
  }

  public static void refuseGrpc(HttpServerRequest req, TenantRefusedException e) {
    req.response().setStatusCode(200).putHeader("content-type", "application/grpc")
        .putHeader("grpc-status", Integer.toString(e.grpcCode()))
        .putHeader("grpc-message", URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8).replace("+", "%20"))
        .end();
  }
}
