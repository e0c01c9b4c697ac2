package io.weft.auth;

import io.vertx.core.http.HttpMethod;
import io.weft.net.ListenerGroup;

/**
 * Which permission a request needs, by listener group, method and path: sending spans needs write,
 * reading anything stored needs read (every query API, the Zipkin API on the Zipkin port, /metrics),
 * changing the cluster needs admin. The UI's own files (HTML, scripts, styles) and /health need
 * nothing, so a browser can load the page that asks for a token and a probe can check liveness. A
 * path that is not plainly a file (percent-escapes, dot segments, doubled slashes) needs read: the
 * rule never trusts a path the router might read differently.
 */
final class AccessRules {
  private AccessRules() {}

  /** null: open to anyone. */
  static Permission required(ListenerGroup g, HttpMethod method, String path, boolean grpc) {
    boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    String p = path == null ? "/" : path;
    return switch (g) {
      case COLLECTOR -> grpc || !reads ? Permission.WRITE : api(p) ? Permission.READ : null;
      case SAMPLING -> Permission.WRITE; // what an SDK holding a write token asks for
      case QUERY -> grpc ? Permission.READ
          : p.startsWith("/api/admin/") && !reads ? Permission.ADMIN
          : api(p) ? Permission.READ : null;
      case ADMIN -> reads ? (p.equals("/health") ? null : Permission.READ) : Permission.ADMIN;
      case BRIDGE, CLUSTER -> Permission.READ;
    };
  }

  /** Data, not a file of a UI: any path with an {@code api} segment (/api/..., /jaeger/api/..., /zipkin/api/...). */
  static boolean api(String p) {
    if (p.contains("%") || p.contains("..") || p.contains("//") || p.contains("/./") || p.contains("\\")) {
      return true;
    }
    return p.equals("/api") || p.startsWith("/api/") || p.contains("/api/") || p.endsWith("/api");
  }

  /** A bridge frame to {@code address}: the admin addresses need admin, everything else read. */
  static Permission bridge(String address, String adminPattern) {
    return address != null && address.matches(adminPattern) ? Permission.ADMIN : Permission.READ;
  }
}
