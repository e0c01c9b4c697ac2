package io.weft.net;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin requests from browser apps on other origins (Grafana in browser-access mode, a hosted
 * Jaeger UI, the OpenTelemetry browser SDK posting OTLP/HTTP). It stands in front of the
 * authentication gate: a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method})
 * carries no token by the Fetch standard, so on the groups of {@code cors.listeners} it is answered
 * here and never reaches a handler (204 with the allowed method and headers for an allowed origin,
 * 403 without them otherwise: no data either way). A request from an allowed origin gets
 * {@code Access-Control-Allow-Origin} on whatever answers it, a 401 included, so the app can read why.
 */
public record CorsPolicy(Set<String> origins, boolean anyOrigin, List<String> headers, long maxAgeSeconds,
    Set<ListenerGroup> listeners) {

  public static final CorsPolicy NONE = new CorsPolicy(Set.of(), false, List.of(), 0, Set.of());
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE");
  /** What a browser may read beyond the CORS-safelisted response headers. */
  private static final String EXPOSED = "www-authenticate, retry-after, grpc-status, grpc-message";

  public static CorsPolicy from(WeftConfig c) {
    Set<String> origins = new LinkedHashSet<>();
    boolean any = false;
    for (String o : c.getList(Options.CORS_ALLOWED_ORIGINS)) {
      if (o.equals("*")) {
        any = true;
      } else {
        origins.add(origin(o));
      }
    }
    Set<String> headers = new LinkedHashSet<>(List.of("authorization", "content-type", "content-encoding",
        c.get(Options.TENANCY_HEADER).trim().toLowerCase(Locale.ROOT), "x-scope-orgid"));
    for (String h : c.getList(Options.CORS_ALLOWED_HEADERS)) {
      if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new ConfigException(Options.CORS_ALLOWED_HEADERS.name() + ": not a header name: '" + h + "'");
      }
      headers.add(h.toLowerCase(Locale.ROOT));
    }
    return new CorsPolicy(Set.copyOf(origins), any, List.copyOf(headers), c.getMicros(Options.CORS_MAX_AGE) / 1_000_000,
        ListenerGroup.parseList(Options.CORS_LISTENERS.name(), c.get(Options.CORS_LISTENERS)));
  }

  /** "https://grafana.example:3000" as a browser sends it in Origin: scheme, host, port only. */
  private static String origin(String text) {
    URI u;
    try {
      u = new URI(text);
    } catch (Exception e) {
      throw new ConfigException(Options.CORS_ALLOWED_ORIGINS.name() + ": not an origin: '" + text + "'");
    }
    if (u.getScheme() == null || u.getHost() == null || !(u.getPath() == null || u.getPath().isEmpty())
        || u.getQuery() != null || u.getUserInfo() != null) {
      throw new ConfigException(Options.CORS_ALLOWED_ORIGINS.name() + ": an origin is scheme://host[:port], got '"
          + text + "'");
    }
    return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT)
        + (u.getPort() < 0 ? "" : ":" + u.getPort());
  }

  public boolean enabled() {
    return anyOrigin || !origins.isEmpty();
  }

  boolean allows(String origin) {
    return origin != null && (anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT)));
  }

  /** {@code next} behind CORS on {@code group}'s listeners (unchanged where CORS is off). */
  public Handler<HttpServerRequest> http(ListenerGroup group, Handler<HttpServerRequest> next) {
    if (!enabled() || !listeners.contains(group)) {
      return next;
    }
    return req -> {
      String origin = req.getHeader("origin");
      if (origin == null) {
        next.handle(req);
        return;
      }
      boolean allowed = allows(origin);
      if (req.method() == HttpMethod.OPTIONS && req.getHeader("access-control-request-method") != null) {
        preflight(req, origin, allowed);
        return;
      }
      if (allowed) {
        HttpServerResponse r = req.response();
        r.putHeader("access-control-allow-origin", anyOrigin ? "*" : origin).putHeader("vary", "Origin")
            .putHeader("access-control-expose-headers", EXPOSED);
      }
      next.handle(req);
    };
  }

  private void preflight(HttpServerRequest req, String origin, boolean allowed) {
    HttpServerResponse r = req.response().putHeader("vary", "Origin");
    String method = req.getHeader("access-control-request-method").trim().toUpperCase(Locale.ROOT);
    if (!allowed || !METHODS.contains(method)) {
      r.setStatusCode(403).putHeader("content-type", "application/json")
          .end("{\"error\":\"" + (allowed ? "method " + method + " is not allowed across origins"
              : "origin not allowed by cors.allowed-origins") + "\"}");
      return;
    }
    r.setStatusCode(204).putHeader("access-control-allow-origin", anyOrigin ? "*" : origin)
        .putHeader("access-control-allow-methods", method)
        .putHeader("access-control-allow-headers", String.join(", ", headers));
    if (maxAgeSeconds > 0) {
      r.putHeader("access-control-max-age", Long.toString(maxAgeSeconds));
    }
    r.end();
  }
}
