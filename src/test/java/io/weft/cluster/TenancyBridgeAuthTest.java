package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weft.testing.BridgeClient;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TCP event-bus bridge (clustered nodes) under tenancy with authentication: a tenant's token watches
 * its own tenant's live spans and receives them, and is refused (403) on another tenant's live address
 * and on the untenanted one, as the browser bridge pins a connection to its tenant.
 */
class TenancyBridgeAuthTest {
  static final String TEAM_A = "team-a-bridge-token-0123456789";
  static TestCluster cluster;
  static WeftProcess a;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.inBuildDir("tenancy-bridge", 1);
    Path tokens = Files.createTempFile("weft-tokens-", "");
    tokens.toFile().deleteOnExit();
    Files.writeString(tokens, TEAM_A + " read team-a watcher-a\n");
    a = cluster.start("a", 0, "collector,query", "--auth.tokens-file=" + tokens, "--auth.listeners=bridge",
        "--tenancy.enabled=true", "--tenancy.tenants=team-a,team-b", "--cluster.desired=collector=1,query=1");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static JsonObject bearer() {
    return new JsonObject().put("authorization", "Bearer " + TEAM_A);
  }

  /** Weft's refusal (the bridge follows it with its own "blocked by bridgeEvent handler" frame). */
  static boolean refusal(JsonObject frame) {
    return "err".equals(frame.getString("type")) && frame.getString("message", "").startsWith("forbidden");
  }

  @Test
  void aTenantsTokenWatchesItsOwnLiveSpansOnly() throws Exception {
    try (BridgeClient bridge = new BridgeClient(a.bridge)) {
      bridge.register("weft.tenant.team-b.spans.live", bearer());
      JsonObject err = bridge.next(TenancyBridgeAuthTest::refusal);
      assertEquals("forbidden: the token of tenant 'team-a' may watch weft.tenant.team-a.spans.live* only",
          err.getString("message"));
      bridge.register("weft.spans.live.shop", bearer());
      String untenanted = bridge.next(TenancyBridgeAuthTest::refusal).getString("message");
      assertTrue(untenanted.startsWith("forbidden: the token of tenant 'team-a'"), untenanted);

      bridge.register("weft.tenant.team-a.spans.live", bearer());
      assertNull(bridge.poll(1000, TenancyBridgeAuthTest::refusal), "its own tenant's address is let through");
      HttpClient http = HttpClient.newHttpClient();
      JsonObject rec = null; // a frame of type "message" on the address registered
      for (int attempt = 0; rec == null && attempt < 30; attempt++) { // until the subscription is registered
        for (String t : new String[] {"team-b", "team-a"}) {
          String json = ZipkinJson.json(ZipkinJson.span(ZipkinJson.newTraceId(), ZipkinJson.spanId(), null,
              "bridge-" + t, "tick"));
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.zipkin
              + "/api/v2/spans")).header("content-type", "application/json").header("x-tenant", t)
              .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
          assertEquals(202, r.statusCode(), r.body());
        }
        rec = bridge.poll(500, f -> "message".equals(f.getString("type")));
      }
      assertNotNull(rec, "team-a's live spans reached its bridge client");
      assertEquals("weft.tenant.team-a.spans.live", rec.getString("address"));
      assertTrue(rec.encode().contains("bridge-team-a") && !rec.encode().contains("bridge-team-b"), rec.encode());
    }
  }
}
