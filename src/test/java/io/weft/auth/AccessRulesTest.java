package io.weft.auth;

import static io.weft.auth.Permission.ADMIN;
import static io.weft.auth.Permission.READ;
import static io.weft.auth.Permission.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.http.HttpMethod;
import io.weft.net.ListenerGroup;
import io.weft.wire.Addresses;
import org.junit.jupiter.api.Test;

class AccessRulesTest {
  static Permission need(ListenerGroup g, HttpMethod m, String path) {
    return AccessRules.required(g, m, path, false);
  }

  @Test
  void eachRouteItsPermission() {
    // Receivers: posting spans writes; Zipkin's query API on its port reads; Lens's files are open.
    assertEquals(WRITE, need(ListenerGroup.COLLECTOR, HttpMethod.POST, "/v1/traces"));
    assertEquals(WRITE, need(ListenerGroup.COLLECTOR, HttpMethod.POST, "/api/v2/spans"));
    assertEquals(WRITE, AccessRules.required(ListenerGroup.COLLECTOR, HttpMethod.POST,
        "/opentelemetry.proto.collector.trace.v1.TraceService/Export", true));
    assertEquals(READ, need(ListenerGroup.COLLECTOR, HttpMethod.GET, "/api/v2/services"));
    assertEquals(READ, need(ListenerGroup.COLLECTOR, HttpMethod.GET, "/zipkin/api/v2/services"));
    assertEquals(null, need(ListenerGroup.COLLECTOR, HttpMethod.GET, "/zipkin/static/app.js"));
    // Query: every API reads, the admin API's changes need admin, the UI's files are open.
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.GET, "/api/traces"));
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.GET, "/api/v3/services"));
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.POST, "/api/archive/abc"));
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.GET, "/jaeger/api/services"));
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.GET, "/zipkin/api/v2/traces"));
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.GET, "/api/admin/roles"));
    assertEquals(ADMIN, need(ListenerGroup.QUERY, HttpMethod.PUT, "/api/admin/roles"));
    assertEquals(READ, AccessRules.required(ListenerGroup.QUERY, HttpMethod.POST,
        "/jaeger.api_v3.QueryService/GetServices", true));
    assertEquals(null, need(ListenerGroup.QUERY, HttpMethod.GET, "/"));
    assertEquals(null, need(ListenerGroup.QUERY, HttpMethod.GET, "/js/api.js"));
    assertEquals(null, need(ListenerGroup.QUERY, HttpMethod.GET, "/eventbus/websocket"), "its frames are checked");
    // Paths the router may read differently need read.
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.GET, "/static/..%2Fapi/traces"));
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.GET, "/x/../api/traces"));
    assertEquals(READ, need(ListenerGroup.QUERY, HttpMethod.GET, "//api/traces"));
    // Admin: /health is open, the rest reads, changes need admin.
    assertEquals(null, need(ListenerGroup.ADMIN, HttpMethod.GET, "/health"));
    assertEquals(READ, need(ListenerGroup.ADMIN, HttpMethod.GET, "/metrics"));
    assertEquals(ADMIN, need(ListenerGroup.ADMIN, HttpMethod.PUT, "/api/admin/roles"));
    assertEquals(WRITE, need(ListenerGroup.SAMPLING, HttpMethod.GET, "/sampling"));
  }

  @Test
  void bridgeFrames() {
    assertEquals(READ, AccessRules.bridge("weft.query.services", Addresses.ADMIN_INBOUND));
    assertEquals(READ, AccessRules.bridge("weft.spans.live", Addresses.ADMIN_INBOUND));
    assertEquals(ADMIN, AccessRules.bridge("weft.admin.roles", Addresses.ADMIN_INBOUND));
  }
}
