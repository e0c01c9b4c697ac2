package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weft.testing.BridgeClient;
import io.weft.testing.WeftProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A clustered member with authentication on: its TCP event-bus bridge checks a token in each frame's
 * headers (read for queries and live spans, admin for the admin addresses) and answers a refused
 * request with a failed reply carrying the reason; its admin API needs admin to change role counts.
 */
class ClusterAuthTest {
  static final String READER = "reader-" + UUID.randomUUID();
  static final String ADMIN = "admin-" + UUID.randomUUID();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static TestCluster cluster;
  static WeftProcess a;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.inBuildDir("cluster-auth", 1);
    Path tokens = Files.createTempFile("weft-tokens-", "");
    tokens.toFile().deleteOnExit();
    Files.writeString(tokens, READER + " read - reader\n" + ADMIN + " admin,read - ops\n");
    a = cluster.start("a", 0, "collector,query", "--auth.tokens-file=" + tokens,
        "--bridge.admin-enabled=true", "--cluster.desired=collector=1,query=1");
    a.adminToken(READER);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static JsonObject headers(String token) {
    return new JsonObject().put("authorization", "Bearer " + token);
  }

  @Test
  void theTcpBridgeWantsATokenInEachFrame() throws Exception {
    try (BridgeClient bridge = new BridgeClient(a.bridge)) {
      bridge.send("weft.query.services", "r1", new JsonObject());
      JsonObject refused = bridge.next(f -> "r1".equals(f.getString("address")));
      assertEquals(401, refused.getInteger("failureCode"), refused.encode());
      assertEquals("unauthenticated: a bearer token is required (Authorization: Bearer <token>)",
          refused.getString("message"));

      bridge.send("weft.query.services", "r2", new JsonObject(), headers(READER));
      JsonObject reply = bridge.next(f -> "r2".equals(f.getString("address")));
      assertNull(reply.getValue("failureCode"), reply.encode());
      assertTrue(reply.getJsonObject("body").containsKey("data"), reply.encode());
      assertNull(reply.getJsonObject("headers") == null ? null : reply.getJsonObject("headers").getValue("authorization"),
          "the token is not passed on");

      bridge.send("weft.admin.roles", "r3", new JsonObject().put("collector", 1), headers(READER));
      JsonObject forbidden = bridge.next(f -> "r3".equals(f.getString("address")));
      assertEquals(403, forbidden.getInteger("failureCode"), forbidden.encode());
      assertEquals("forbidden: the token of 'reader' grants read; this needs admin", forbidden.getString("message"));

      bridge.send("weft.admin.roles", "r4", new JsonObject().put("collector", 1), headers(ADMIN));
      JsonObject admin = bridge.next(f -> "r4".equals(f.getString("address")));
      assertNull(admin.getValue("failureCode"), admin.encode());

      bridge.register("weft.spans.live.anything");
      JsonObject err = bridge.next(f -> "err".equals(f.getString("type")));
      assertEquals("unauthenticated: a bearer token is required (Authorization: Bearer <token>)", err.getString("message"));
    }
    assertTrue(a.metric("weft_auth_refused_total", "listener=\"bridge\"") >= 3);
  }

  @Test
  void changingRoleCountsNeedsAdmin() throws Exception {
    assertEquals(401, send("GET", "/api/admin/cluster", null, null).statusCode());
    assertEquals(200, send("GET", "/api/admin/cluster", READER, null).statusCode());
    HttpResponse<String> reader = send("PUT", "/api/admin/roles", READER, "{\"query\":1}");
    assertEquals(403, reader.statusCode());
    assertEquals("the token of 'reader' grants read; this needs admin", new JsonObject(reader.body()).getString("error"));
    HttpResponse<String> admin = send("PUT", "/api/admin/roles", ADMIN, "{\"query\":1}");
    assertEquals(200, admin.statusCode(), admin.body());
    // weft roles, the command line's client of the same API.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    String where = "--admin=127.0.0.1:" + a.admin;
    assertEquals(1, io.weft.cli.RolesCommand.run(java.util.List.of(where, "query=1"), new java.io.PrintStream(out),
        new java.io.PrintStream(err)));
    assertTrue(err.toString().startsWith("weft roles: 401 "), err.toString());
    assertEquals(1, io.weft.cli.RolesCommand.run(java.util.List.of(where, "--token=" + READER, "query=1"),
        new java.io.PrintStream(out), new java.io.PrintStream(err)));
    assertEquals(0, io.weft.cli.RolesCommand.run(java.util.List.of(where, "--token=" + ADMIN, "query=1"),
        new java.io.PrintStream(out), new java.io.PrintStream(err)), err.toString());
    assertTrue(out.toString().contains("query"), out.toString());
  }

  static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.admin + path))
        .header("content-type", "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
