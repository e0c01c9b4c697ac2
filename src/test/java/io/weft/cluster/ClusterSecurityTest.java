package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.net.ListenerGroup;
import io.weft.net.TlsFiles;
import io.weft.net.TlsSettings;
import io.weft.testing.Http;
import io.weft.testing.Sockets;
import io.weft.testing.TestCerts;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import io.weft.wire.Addresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A cluster of separate JVMs with a cluster secret and mutual TLS on the event bus: A pinned collector,
 * B pinned query (spans stored on A are read by B over the event bus). A member started with the wrong
 * secret, and clients on the event bus without it, get no roles and no data. A clustered node started
 * with the default host options listens on no wildcard address, Hazelcast's port included.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSecurityTest {
  static final String SECRET = "correct horse battery staple";
  static Path dir;
  static TestCluster cluster;
  static TestCerts.Ca ca;
  static TestCerts.Leaf member;
  static WeftProcess a;
  static WeftProcess b;
  static final List<WeftProcess> all = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    dir = Files.createDirectories(Path.of(System.getProperty("weft.build.dir", "target"), "cluster-security",
        Long.toString(System.currentTimeMillis())));
    cluster = new TestCluster(dir, 5);
    ca = TestCerts.Ca.create(dir, "cluster");
    member = ca.issue(dir, "member", "weft-member");
    a = start("a", 0, "collector", SECRET);
    b = start("b", 1, "query", SECRET);
  }

  static WeftProcess start(String name, int slot, String roles, String secret) throws Exception {
    WeftProcess n = cluster.start(name, slot, roles, "--cluster.secret=" + secret, "--tls.cert=" + member.cert(),
        "--tls.key=" + member.key(), "--tls.ca=" + ca.certFile, "--tls.client-ca=" + ca.certFile,
        "--tls.client-auth=required", "--tls.listeners=cluster", "--tls.reload-interval=200ms",
        "--cluster.desired=collector=1,query=1");
    all.add(n);
    return n;
  }

  @AfterAll
  static void stopCluster() {
    all.forEach(WeftProcess::kill);
  }

  @Test
  @Order(1)
  void spansCrossTheTlsEventBusBetweenMembers() throws Exception {
    assertEquals(2, a.health().getJsonObject("cluster").getInteger("members"));
    assertEquals(List.of("collector"), a.running());
    assertEquals(List.of("query"), b.running());
    String trace = post(a, "tls-bus");
    assertEquals(2, Wait.forValue("A's spans read by B over the event bus", 20, () -> Http.traceWith(b.query, trace, 2))
        .getJsonArray("spans").size());
    // The event bus port serves the member certificate.
    int bus = eventBusPort(a);
    assertEquals(member.certificate().getSerialNumber(), TestCerts.served(bus, ca.certFile, member).getSerialNumber());
  }

  @Test
  @Order(2)
  void aDefaultClusteredStartListensOnNoWildcardAddress() throws Exception {
    List<Sockets.Listener> listening = Sockets.listening(a.pid());
    assertTrue(listening.stream().anyMatch(l -> l.protocol().equals("tcp") && l.port() == cluster.port(0)
        && l.address().endsWith("127.0.0.1")), "Hazelcast's port on 127.0.0.1: " + listening);
    assertTrue(listening.stream().anyMatch(l -> l.port() == a.otlpGrpc), "the collector listens: " + listening);
    assertFalse(listening.stream().anyMatch(Sockets.Listener::wildcard), "no wildcard listener: " + listening);
    assertFalse(Sockets.listening(b.pid()).stream().anyMatch(Sockets.Listener::wildcard), "nor on B");
  }

  @Test
  @Order(3)
  void aMemberWithTheWrongSecretGetsNoRolesAndNoData() throws Exception {
    String before = post(a, "before-intruder");
    Wait.forValue("trace on B", 20, () -> Http.traceWith(b.query, before, 2));
    WeftProcess c = start("c", 2, "any", "not the secret");
    Wait.until("A sees C and refuses it", 20, () -> a.metric("weft_cluster_members_refused") == 1);
    assertTrue(a.log().contains("does not prove the cluster secret"), "A says why");
    for (WeftProcess n : List.of(a, b)) {
      assertEquals(2, n.health().getJsonObject("cluster").getInteger("members"), n.name + " counts only A and B");
    }
    JsonObject view = Http.json(a.admin, "/api/admin/cluster");
    assertFalse(view.encode().contains(Integer.toString(c.admin)), "C is not in the cluster's view: " + view.encode());
    String after = post(a, "after-intruder");
    Wait.forValue("trace on B", 20, () -> Http.traceWith(b.query, after, 2));
    // C sees neither trace: no member asks it or sends it anything, and it cannot read theirs.
    for (String t : List.of(before, after)) {
      assertEquals(404, Http.get(c.query, "/api/traces/" + t).statusCode(), "C does not see " + t);
    }
    assertEquals(0, c.metric("weft_stored_spans"), "nothing was stored on C");
    JsonArray services = Http.json(c.query, "/api/services").getJsonArray("data");
    assertTrue(services.isEmpty(), "C knows no service: " + services);
    // A and B keep their roles; C's roles are its own business, outside the cluster.
    assertEquals(List.of("collector"), a.running());
    assertEquals(List.of("query"), b.running());
    c.kill();
  }

  @Test
  @Order(4)
  void eventBusMessagesWithoutTheSecretAreDropped() throws Exception {
    TlsFiles tls = new TlsFiles(new TlsSettings(member.cert().toString(), member.key().toString(),
        ca.certFile.toString(), ClientAuth.REQUIRED, ca.certFile.toString(), Set.of(ListenerGroup.CLUSTER),
        Set.of(ListenerGroup.CLUSTER), 0));
    double refusedBefore = b.metric("weft_cluster_bus_refused_total");
    Vertx without = Wait.await(ClusterBoot.startClient(cluster.member(3).toString(), "127.0.0.1", ClusterSecret.NONE,
        tls), 60).vertx();
    try {
      Throwable err = Wait.await(without.eventBus().request(Addresses.QUERY_SERVICES, new JsonObject(),
          new DeliveryOptions().setSendTimeout(3000)).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())));
      assertInstanceOf(ReplyException.class, err, "no answer without the secret");
      assertEquals(ReplyFailure.TIMEOUT, ((ReplyException) err).failureType(), err.getMessage());
      Wait.until("B counts the dropped message", 10, () -> b.metric("weft_cluster_bus_refused_total") > refusedBefore);
    } finally {
      Wait.await(without.close(), 30);
    }
    Vertx with = Wait.await(ClusterBoot.startClient(cluster.member(4).toString(), "127.0.0.1", ClusterSecret.of(SECRET),
        tls), 60).vertx();
    try {
      JsonObject reply = (JsonObject) Wait.await(with.eventBus().request(Addresses.QUERY_SERVICES, new JsonObject(),
          new DeliveryOptions().setSendTimeout(10_000)), 20).body();
      assertTrue(reply.getJsonArray("data").contains("tls-bus"), "with the secret B answers: " + reply.encode());
    } finally {
      Wait.await(with.close(), 30);
    }
  }

  @Test
  @Order(5)
  void theEventBusCertificateIsReplacedOnDisk() throws Exception {
    int bus = eventBusPort(a);
    TestCerts.Leaf renewed = ca.issue(dir, "renewed", "weft-member-renewed");
    TestCerts.writeAtomically(member.key(), renewed.keyPem());
    TestCerts.writeAtomically(member.cert(), renewed.certPem());
    Wait.until("A's event bus serves the renewed certificate", 20, () -> TestCerts.served(bus, ca.certFile, member)
        .getSerialNumber().equals(renewed.certificate().getSerialNumber()));
    String trace = post(a, "after-renewal");
    assertEquals(2, Wait.forValue("spans still cross", 20, () -> Http.traceWith(b.query, trace, 2))
        .getJsonArray("spans").size());
  }

  /** A two-span Zipkin trace posted to the node's collector; its id. */
  static String post(WeftProcess n, String service) throws Exception {
    String trace = ZipkinJson.newTraceId();
    String root = ZipkinJson.spanId();
    var r = Http.post(n.zipkin, "/api/v2/spans", "application/json", ZipkinJson.json(
        ZipkinJson.span(trace, root, null, service, "GET /"), ZipkinJson.span(trace, ZipkinJson.spanId(), root, service,
            "load")).getBytes());
    assertEquals(202, r.statusCode(), r.body());
    return trace;
  }

  /** The node's TCP listener that is none of its configured ports nor Hazelcast's: the event bus. */
  static int eventBusPort(WeftProcess n) throws Exception {
    Set<Integer> known = Set.of(n.otlpGrpc, n.otlpHttp, n.jaegerHttp, n.zipkin, n.query, n.queryGrpc, n.admin, n.bridge,
        n.samplingHttp, n.samplingGrpc);
    List<Integer> other = Sockets.listening(n.pid()).stream().filter(l -> l.protocol().equals("tcp"))
        .map(Sockets.Listener::port).filter(p -> !known.contains(p) && !isHazelcast(p))
        .toList();
    assertEquals(1, other.size(), "one event-bus listener: " + other);
    return other.get(0);
  }

  static boolean isHazelcast(int port) {
    for (int i = 0; i < 5; i++) {
      if (cluster.port(i) == port) {
        return true;
      }
    }
    return false;
  }
}
