package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.weft.net.EventBusTls;
import io.weft.net.ListenerGroup;
import io.weft.net.TlsEngine;
import io.weft.net.TlsFiles;
import io.weft.net.TlsSettings;
import io.weft.testing.Http;
import io.weft.testing.TestCerts;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.wire.Addresses;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clustered event bus runs TLS in the engine {@code tls.engine} names, as the listeners do: two
 * member JVMs with {@code tls.engine=openssl} and mutual TLS on the event bus report BoringSSL in their
 * /health (read from the SSL context the event bus built) and carry spans from the collector on one to
 * the query on the other; a third member in this JVM with {@code jdk} runs the JDK's engine and is
 * answered by them over TLS.
 */
class ClusterTlsEngineTest {
  static TestCluster cluster;
  static TestCerts.Ca ca;
  static TestCerts.Leaf member;
  static WeftProcess a;
  static WeftProcess b;

  @BeforeAll
  static void startCluster() throws Exception {
    assumeTrue(TlsEngine.openSslAvailable(), "BoringSSL (netty-tcnative) loads on this platform");
    cluster = TestCluster.inBuildDir("cluster-tls-engine", 3);
    Path dir = cluster.member(0).getParent();
    ca = TestCerts.Ca.create(dir, "engine");
    member = ca.issue(dir, "member", "weft-member");
    a = start("a", 0, "collector");
    b = start("b", 1, "query");
  }

  static WeftProcess start(String name, int slot, String roles) throws Exception {
    return cluster.start(name, slot, roles, "--tls.engine=openssl", "--tls.cert=" + member.cert(),
        "--tls.key=" + member.key(), "--tls.ca=" + ca.certFile, "--tls.client-ca=" + ca.certFile,
        "--tls.client-auth=required", "--tls.listeners=cluster", "--cluster.desired=collector=1,query=1");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void membersWithOpensslFormAClusterAndCarrySpansOverBoringSsl() throws Exception {
    for (WeftProcess n : List.of(a, b)) {
      JsonObject tls = n.health().getJsonObject("tls");
      assertEquals("openssl", tls.getString("engine"), n.name + ": " + tls);
      assertEquals("openssl", tls.getString("clusterEngine"), n.name + "'s event bus: " + tls);
      assertTrue(n.log().contains("cluster event bus TLS engine: openssl"), n.name + " says so at start");
      assertEquals(2, n.health().getJsonObject("cluster").getInteger("members"), n.name);
    }
    Wait.until("A runs the collector, B the query", 30, () -> a.running().equals(List.of("collector"))
        && b.running().equals(List.of("query")));
    String trace = ClusterSecurityTest.post(a, "boringssl-bus");
    assertEquals(2, Wait.forValue("A's spans read by B over the event bus", 30, () -> Http.traceWith(b.query, trace, 2))
        .getJsonArray("spans").size());

    // A member of this JVM on the JDK's engine: the openssl members answer it over their TLS event bus.
    TlsFiles jdk = new TlsFiles(new TlsSettings(member.cert().toString(), member.key().toString(),
        ca.certFile.toString(), ClientAuth.REQUIRED, ca.certFile.toString(), Set.of(ListenerGroup.CLUSTER),
        Set.of(ListenerGroup.CLUSTER), 0, TlsEngine.JDK));
    Vertx client = Wait.await(ClusterBoot.startClient(cluster.member(2).toString(), "127.0.0.1", ClusterSecret.NONE,
        jdk), 60).vertx();
    try {
      assertEquals("jdk", EventBusTls.engineInUse(client), "tls.engine=jdk is followed on the event bus too");
      JsonObject reply = (JsonObject) Wait.await(client.eventBus().request(Addresses.QUERY_SERVICES, new JsonObject(),
          new DeliveryOptions().setSendTimeout(10_000)), 20).body();
      assertTrue(reply.getJsonArray("data").contains("boringssl-bus"), "B answers over TLS: " + reply.encode());
    } finally {
      Wait.await(client.close(), 30);
    }
  }
}
