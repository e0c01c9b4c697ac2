package io.weft.query.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.weft.tenant.TenancySettings;
import io.weft.tenant.TenantResolver;
import java.util.TreeSet;

/**
 * The query port under tenancy, before a request's tenant is resolved. A browser cannot put a header on
 * the request that loads a page, so the UIs' own files (the same for every tenant, no data in them) are
 * served without a tenant; {@code GET /api/tenancy} tells the web UI how to name one (the header, the
 * allowed tenants, the default, the tenant of the caller's token); and a WebSocket to the browsers'
 * bridge, which cannot carry headers either, may name its tenant as {@code ?tenant=}, taken as the
 * header (so a token's tenant still wins, and another is refused). Everything else goes to the
 * request's tenant's router.
 */
final class TenantFrontDoor implements Handler<HttpServerRequest> {
  static final String INFO_PATH = "/api/tenancy";

  private final TenantResolver tenants;
  private final Router files;
  private final Handler<HttpServerRequest> perTenant;
  /** {@code files} serves Zipkin Lens at {@code /zipkin/} (its API under {@code /zipkin/api/} stays the tenant's). */
  private final boolean lens;

  TenantFrontDoor(TenantResolver tenants, Router files, Handler<HttpServerRequest> perTenant, boolean lens) {
    this.tenants = tenants;
    this.files = files;
    this.perTenant = perTenant;
    this.lens = lens;
  }

  @Override
  public void handle(HttpServerRequest req) {
    String path = req.path() == null ? "/" : req.path();
    boolean reads = req.method() == HttpMethod.GET || req.method() == HttpMethod.HEAD;
    if (reads && path.equals(INFO_PATH)) {
      info(req);
    } else if (reads && (uiFile(path) || lens && lensFile(path))) {
      files.handle(req);
    } else {
      if (path.startsWith("/eventbus/")) {
        nameFromQuery(req);
      }
      perTenant.handle(req);
    }
  }

  /** A path of the web UI or the Jaeger UI: not data, the bridge or Zipkin's routes, and plainly a path. */
  static boolean uiFile(String p) {
    if (p.contains("%") || p.contains("..") || p.contains("//") || p.contains("/./") || p.contains("\\")) {
      return false;
    }
    boolean api = p.equals("/api") || p.startsWith("/api/") || p.contains("/api/") || p.endsWith("/api")
        || p.contains("/analytics/");
    return !api && !p.startsWith("/eventbus") && !p.startsWith("/zipkin");
  }

  /** A path of Zipkin Lens: under {@code /zipkin}, not its API, and plainly a path. */
  static boolean lensFile(String p) {
    if (p.contains("%") || p.contains("..") || p.contains("//") || p.contains("/./") || p.contains("\\")) {
      return false;
    }
    return (p.equals("/zipkin") || p.startsWith("/zipkin/")) && !p.startsWith("/zipkin/api/") && !p.equals("/zipkin/api");
  }

  private void nameFromQuery(HttpServerRequest req) {
    String named = req.getParam("tenant");
    TenancySettings s = tenants.settings();
    if (named != null && !named.isEmpty() && req.getHeader(s.header()) == null
        && req.getHeader(TenantResolver.TEMPO_HEADER) == null) {
      req.headers().set(s.header(), named);
    }
  }

  private void info(HttpServerRequest req) {
    TenancySettings s = tenants.settings();
    JsonObject body = new JsonObject().put("enabled", true).put("header", s.header())
        .put("tenants", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(s.allowed()))))
        .put("default", s.defaultTenant().isEmpty() ? null : s.defaultTenant())
        .put("token", req.getHeader(TenantResolver.TOKEN_TENANT_HEADER));
    req.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
