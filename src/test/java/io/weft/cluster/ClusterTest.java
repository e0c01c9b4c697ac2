package io.weft.cluster;

import io.weft.testing.BridgeClient;
import io.weft.cli.RolesCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.weft.client.WeftClient;
import io.weft.model.Span;
import io.weft.testing.Http;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Separate JVMs on 127.0.0.1 forming a real Hazelcast cluster: A pinned agent, B and D eligible for
 * anything, C pinned query (later spares, eligible). The tests run in order on the same cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  static final int MEMBERS = 6; // A, B, C, D, a spare and the test JVM's client
  static TestCluster cluster;
  static WeftProcess a;
  static WeftProcess b;
  static WeftProcess c;
  static WeftProcess d;
  static final List<WeftProcess> all = new ArrayList<>();
  static final Map<WeftProcess, Integer> slotOf = new HashMap<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.inBuildDir("cluster-test", MEMBERS);
    // One at a time: Hazelcast forms faster from staggered joins.
    a = node("a", 0, "agent");
    b = node("b", 1, "any");
    c = node("c", 2, "query");
    d = node("d", 3, "any");
  }

  static WeftProcess node(String name, int member, String roles) throws Exception {
    WeftProcess n = cluster.start(name, member, roles);
    all.add(n);
    slotOf.put(n, member);
    return n;
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (WeftProcess n : all) {
      n.kill();
    }
  }

  /** A Jaeger SDK reporting to A's agent over UDP (compact thrift), flushing every 50 ms. */
  static JaegerTracer tracer(String service) throws Exception {
    return new JaegerTracer.Builder(service)
        .withReporter(new RemoteReporter.Builder().withSender(new UdpSender("127.0.0.1", a.agentCompact, 0))
            .withFlushInterval(50).build())
        .withSampler(new ConstSampler(true)).build();
  }

  /** A trace of {@code spans} spans of one service through A's agent; its id. */
  static String viaAgent(String service, int spans) throws Exception {
    JaegerTracer t = tracer(service);
    JaegerSpan root = t.buildSpan("root").start();
    for (int i = 1; i < spans; i++) {
      t.buildSpan("child-" + i).asChildOf(root).start().finish();
    }
    root.finish();
    t.close();
    return root.context().getTraceId();
  }

  @Test
  @Order(1)
  void nodesFormAClusterAndSpansSentToAnAgentAreQueryableOnTheQueryNode() throws Exception {
    for (WeftProcess n : List.of(a, b, c, d)) {
      assertEquals(4, n.health().getJsonObject("cluster").getInteger("members"), n.name);
    }
    assertEquals(List.of("agent"), a.running());
    assertEquals(List.of("collector"), b.running(), "the desired collector goes to the oldest eligible member");
    assertEquals(List.of("query"), c.running());
    assertEquals(List.of(), d.running());

    // A's agent → the event bus (weft.collector.spans) → B's collector → C's query.
    String viaAgent = viaAgent("shop", 3);
    assertEquals(3, Wait.forValue("agent's trace on C", 20, () -> Http.traceWith(c.query, viaAgent, 3)).getJsonArray("spans").size());
    // Straight to B's collector.
    String trace = ZipkinJson.newTraceId();
    String root = ZipkinJson.spanId();
    post(b, ZipkinJson.json(ZipkinJson.span(trace, root, null, "shop", "GET /cart"),
        ZipkinJson.span(trace, ZipkinJson.spanId(), root, "cart", "load")));
    assertEquals(2, Wait.forValue("trace on C", 20, () -> Http.traceWith(c.query, trace, 2)).getJsonArray("spans").size());
    JsonArray services = new JsonObject(Http.get(c.query, "/api/services").body()).getJsonArray("data");
    assertTrue(services.contains("shop") && services.contains("cart"), services.encode());
  }

  @Test
  @Order(2)
  void countsChangedAtRuntimeMoveRolesAndTrafficFollows() throws Exception {
    HttpResponse<String> put = putRoles(a, "{\"collector\":2}");
    assertEquals(200, put.statusCode(), put.body());
    JsonObject view = new JsonObject(put.body());
    assertEquals(2, view.getJsonObject("roles").getJsonObject("collector").getInteger("running"), view.encodePrettily());
    assertEquals(List.of("collector"), d.running());
    JsonObject dh = d.health();
    assertEquals(new JsonArray().add("collector"), dh.getJsonArray("assigned"));
    assertEquals(new JsonArray(), dh.getJsonArray("pinned"));

    // Traffic follows: once A's event bus has learnt of D's consumer (Hazelcast spreads registrations
    // within moments), the agent's batches spread over both collectors, and every trace lands.
    List<String> traces = new ArrayList<>();
    Wait.until("D's collector taking the agent's batches", 20, () -> {
      if (d.metric("weft_spans_received_total", "receiver=\"agent\"") > 0) {
        return true;
      }
      traces.add(viaAgent("spread", 2));
      return false;
    });
    for (String t : traces) {
      Wait.forValue("spread trace " + t, 20, () -> Http.traceWith(c.query, t, 2));
    }
    for (WeftProcess n : List.of(b, d)) {
      assertTrue(n.metric("weft_spans_received_total", "receiver=\"agent\"") > 0, n.name + " took agent batches");
    }

    // One trace's spans at both collectors are stored (and found) as one trace.
    String trace = ZipkinJson.newTraceId();
    String root = ZipkinJson.spanId();
    post(b, ZipkinJson.json(ZipkinJson.span(trace, root, null, "gateway", "POST /order")));
    post(d, ZipkinJson.json(ZipkinJson.span(trace, ZipkinJson.spanId(), root, "orders", "create"),
        ZipkinJson.span(trace, ZipkinJson.spanId(), root, "billing", "charge")));
    assertEquals(3, Wait.forValue("split trace on C", 20, () -> Http.traceWith(c.query, trace, 3)).getJsonArray("spans").size());
    JsonArray deps = new JsonObject(Http.get(c.query, "/api/dependencies").body()).getJsonArray("data");
    assertTrue(deps.encode().contains("\"parent\":\"gateway\",\"child\":\"orders\""), deps.encode());

    // The roles subcommand: a second query role goes to B (as loaded as D, and older), which then answers queries.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = RolesCommand.run(List.of("--admin=127.0.0.1:" + d.admin, "query=2"), new PrintStream(out), System.err);
    assertEquals(0, rc, out.toString());
    assertEquals(List.of("collector", "query"), b.running());
    assertNotNull(Wait.forValue("B's query port", 20, () -> Http.traceWith(b.query, trace, 3)));
    out.reset();
    assertEquals(0, RolesCommand.run(List.of("--admin=127.0.0.1:" + c.admin), new PrintStream(out), System.err));
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("collector,query"), table);

    // Back down: D (eligible, nothing pinned) stops its collector, B its query; the agent's spans still land.
    assertEquals(200, putRoles(c, "{\"collector\":1,\"query\":1}").statusCode());
    assertEquals(List.of(), d.running());
    assertEquals(List.of("collector"), b.running());
    assertTrue(refused(() -> Http.get(d.zipkin, "/api/v2/spans")), "D's collector port is closed");
    String later = viaAgent("gateway", 1);
    assertNotNull(Wait.forValue("later trace", 20, () -> Http.traceWith(c.query, later, 1)));

    assertEquals(400, putRoles(a, "{\"nope\":1}").statusCode());
    assertEquals(400, putRoles(a, "{\"query\":-1}").statusCode());
  }

  @Test
  @Order(3)
  void tcpBridgeListsServicesStreamsLiveSpansAndRefusesOtherAddresses() throws Exception {
    try (BridgeClient bridge = new BridgeClient(c.bridge)) {
      bridge.send("weft.query.services", "r1", new JsonObject());
      JsonObject reply = bridge.next(f -> "r1".equals(f.getString("address")));
      assertTrue(reply.getJsonObject("body").getJsonArray("data").contains("gateway"), reply.encode());

      // Live spans of one service, published by B's collector, reach a client of C's bridge.
      bridge.register("weft.spans.live.radio");
      JsonObject live = null;
      for (int attempt = 0; live == null && attempt < 20; attempt++) { // until the subscription has reached B
        String trace = ZipkinJson.newTraceId();
        post(b, ZipkinJson.json(ZipkinJson.span(trace, ZipkinJson.spanId(), null, "radio", "tune"),
            ZipkinJson.span(trace, ZipkinJson.spanId(), null, "other", "ignored")));
        live = bridge.poll(500, f -> "weft.spans.live.radio".equals(f.getString("address")));
      }
      assertNotNull(live, "live spans reached the bridge client");
      JsonObject body = live.getJsonObject("body");
      assertEquals("radio", body.getString("service"));
      JsonArray spans = body.getJsonArray("data").getJsonObject(0).getJsonArray("spans");
      assertEquals(1, spans.size(), body.encode());
      assertEquals("tune", spans.getJsonObject(0).getString("operationName"));

      // Not on the allow-list: admin (not enabled), node-internal and the collector's address.
      for (String address : List.of("weft.admin.roles", "weft.collector.spans", "weft.node.x.store.read")) {
        bridge.send(address, "r2", new JsonObject().put("collector", 5));
        JsonObject err = bridge.next(f -> "err".equals(f.getString("type")));
        assertEquals("access_denied", err.getString("message"), address);
      }
      bridge.register("weft.node.x.status");
      assertEquals("access_denied", bridge.next(f -> "err".equals(f.getString("type"))).getString("message"));
    }
  }

  @Test
  @Order(4)
  void weftClientReadsSearchesWatchesAndSetsRoles() throws Exception {
    WeftClient client = Wait.await(WeftClient.join(cluster.member(5).toString(), "127.0.0.1"), 60);
    try {
      assertTrue(Wait.await(client.services()).contains("gateway"));
      List<Span> live = new CopyOnWriteArrayList<>();
      var consumer = client.live("radio", live::addAll);
      Wait.await(consumer.completion());
      String trace = ZipkinJson.newTraceId();
      for (int attempt = 0; live.isEmpty() && attempt < 20; attempt++) { // until the subscription has reached B
        post(b, ZipkinJson.json(ZipkinJson.span(attempt == 0 ? trace : ZipkinJson.newTraceId(), ZipkinJson.spanId(), null, "radio", "scan")));
        Thread.sleep(500);
      }
      assertFalse(live.isEmpty(), "live spans reached the client");
      assertEquals("scan", live.get(0).operationName());
      assertEquals(1, Wait.await(client.trace(trace)).size());
      assertFalse(Wait.await(client.search(new JsonObject().put("service", "radio").put("operation", "scan")
          .put("lookback", "1h"))).isEmpty());
      assertTrue(Wait.await(client.dependencies(System.currentTimeMillis(), 3_600_000)).stream()
          .anyMatch(l -> l.parent().equals("gateway") && l.child().equals("orders")));
      JsonObject roles = Wait.await(client.roles());
      assertEquals(4, roles.getJsonArray("members").size(), "the client is no Weft member: " + roles.encode());
      assertEquals(1, Wait.await(client.setRoles(Map.of("collector", 1))).getJsonObject("desired").getInteger("collector"));
    } finally {
      Wait.await(client.close());
    }
  }

  @Test
  @Order(5)
  void sigkillOfTheOnlyCollectorMovesTheRoleAndTheAgentsSpansStillLand() throws Exception {
    List<WeftProcess> spare = new ArrayList<>(List.of(d));
    ArrayDeque<Integer> freeSlots = new ArrayDeque<>(List.of(4));
    List<Long> times = new ArrayList<>();
    WeftProcess victim = b; // runs the only collector
    int kills = Integer.getInteger("weft.failover.kills", 2);
    for (int k = 0; k < kills; k++) {
      while (spare.size() < 2) { // an eligible member besides the one that will take over
        int slot = freeSlots.remove();
        spare.add(node("spare" + slot + "-" + k, slot, "any"));
      }
      WeftProcess holder = victim;
      assertEquals(List.of(victim), all.stream().filter(n -> n.isAlive() && n.running().contains("collector")).toList(),
          "a newcomer took no role from " + holder.name);
      long t0 = System.nanoTime();
      victim.kill();
      freeSlots.add(slotOf.get(victim));
      // Sent while no collector runs: the agent keeps the batch and retries it.
      String during = viaAgent("during-crash", 2);
      WeftProcess successor = Wait.forValue("the role moved", 30, 5, // polled often: the failover is timed
          () -> spare.stream().filter(n -> n.running().contains("collector")).findFirst().orElse(null));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      times.add(ms);
      System.out.printf("failover %d: kill -9 %s -> collector running on %s after %d ms%n", k + 1, victim.name,
          successor.name, ms);
      String after = viaAgent("after-crash", 2);
      assertNotNull(Wait.forValue("the agent's spans after the failover", 20, () -> Http.traceWith(c.query, after, 2)));
      assertNotNull(Wait.forValue("the agent's spans sent during the failover", 20, () -> Http.traceWith(c.query, during, 2)));
      spare.remove(successor);
      victim = successor;
    }
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    System.out.printf("failover times %s ms, median %d ms%n", times, sorted.get(sorted.size() / 2));
    assertTrue(sorted.get(sorted.size() / 2) < 10_000, "role moved within seconds: " + times);
  }

  @Test
  @Order(6)
  void sigtermHandsTheRoleAndTheStoredSpansOver() throws Exception {
    WeftProcess holder = all.stream().filter(n -> n.isAlive() && n.running().contains("collector")).findFirst().orElseThrow();
    WeftProcess other = all.stream().filter(n -> n.isAlive() && n != holder && n != c && n != a).findFirst().orElse(null);
    if (other == null) {
      other = node("f", slotOf.get(b), "any"); // B's Hazelcast port is free again (B was killed)
    }
    String trace = ZipkinJson.newTraceId();
    post(holder, ZipkinJson.json(ZipkinJson.span(trace, ZipkinJson.spanId(), null, "kept", "across-shutdown")));
    assertNotNull(Wait.forValue("stored", 20, () -> Http.traceWith(c.query, trace, 1)));
    holder.stop();
    WeftProcess successor = other;
    assertTrue(successor.running().contains("collector"), "the role moved before " + holder.name + " left");
    assertNotNull(Http.traceWith(c.query, trace, 1), "the spans " + holder.name + " held were handed over");
    String after = viaAgent("after-sigterm", 1);
    assertNotNull(Wait.forValue("after", 20, () -> Http.traceWith(c.query, after, 1)));
  }

  // --- helpers

  static void post(WeftProcess n, String zipkinJson) throws Exception {
    HttpResponse<String> r = Http.post(n.zipkin, "/api/v2/spans", "application/json", zipkinJson.getBytes(StandardCharsets.UTF_8));
    assertEquals(202, r.statusCode(), r.body());
  }

  /** PUT /api/admin/roles on the node's admin port. */
  static HttpResponse<String> putRoles(WeftProcess n, String counts) throws Exception {
    return Http.send("PUT", n.admin, "/api/admin/roles", "application/json", counts.getBytes(StandardCharsets.UTF_8));
  }

  static boolean refused(ThrowingCall call) {
    try {
      call.run();
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (Exception e) {
      return e.getCause() instanceof ConnectException;
    }
  }

  interface ThrowingCall {
    void run() throws Exception;
  }
}
