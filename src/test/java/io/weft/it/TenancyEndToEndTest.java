package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.jaegertracing.thriftjava.Batch;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.weft.proto.jaeger.api_v3.GetServicesRequest;
import io.weft.proto.jaeger.api_v3.GetServicesResponse;
import io.weft.testing.Wait;
import io.weft.testing.ZipkinJson;
import io.weft.wire.Addresses;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tenants write through every receiver (OTLP gRPC and HTTP from the OTel SDK, Jaeger thrift HTTP,
 * Zipkin JSON, the agent's UDP with {@code agent.tenant}) and read through every API (classic, api_v3
 * HTTP and gRPC, Zipkin, Tempo, the metrics API, dependencies, the event bus): each sees its own and
 * nothing of the other's. Refused tenants and a rate limit are answered as documented.
 */
class TenancyEndToEndTest {
  static final List<String> TENANTS = List.of("team-a", "team-b");

  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("tenancy.enabled", "true",
      "tenancy.tenants", "team-a,team-b,limited,limited-grpc",
      "tenancy.overrides", "limited.spans-per-second=10,limited-grpc.spans-per-second=10",
      "agent.tenant", "team-a", "span-metrics.step", "1s"));

  /** tenant → trace ids (hex, as the query API answers them) it wrote. */
  static final Map<String, List<String>> traces = new HashMap<>();

  @BeforeAll
  static void eachTenantWritesThroughEveryReceiver() throws Exception {
    for (String t : TENANTS) {
      List<String> ids = new ArrayList<>();
      ids.add(sdk("otlp-grpc-" + t, OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + node.otlpGrpc)
          .addHeader("x-tenant", t).build()));
      ids.add(sdk("otlp-http-" + t, OtlpHttpSpanExporter.builder()
          .setEndpoint("http://127.0.0.1:" + node.otlpHttp + "/v1/traces").addHeader("X-Scope-OrgID", t).build()));
      ids.add(jaegerThrift(t));
      String zipkinTrace = ZipkinJson.newTraceId();
      String root = ZipkinJson.spanId();
      HttpResponse<String> z = TenantHttp.post(t, node.zipkin, "/api/v2/spans", "application/json", ZipkinJson.json(
          ZipkinJson.span(zipkinTrace, root, null, "zipkin-" + t, "checkout"),
          ZipkinJson.span(zipkinTrace, ZipkinJson.spanId(), root, "zipkin-db-" + t, "query")).getBytes(StandardCharsets.UTF_8));
      assertEquals(202, z.statusCode(), z.body());
      ids.add(zipkinTrace);
      traces.put(t, ids);
    }
    traces.get("team-a").add(agentUdp());
    for (String t : TENANTS) {
      for (String id : traces.get(t)) {
        Wait.forValue("trace " + id + " of " + t, 30, () -> {
          try {
            HttpResponse<String> r = TenantHttp.get(t, node.query, "/api/traces/" + id);
            return r.statusCode() == 200 ? r : null;
          } catch (Exception e) {
            return null;
          }
        });
      }
    }
  }

  private static String sdk(String service, SpanExporter exporter) {
    SdkTracerProvider p = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .setResource(Resource.create(Attributes.builder().put("service.name", service).build())).build();
    Span s = p.get("tenancy-test").spanBuilder("op-" + service).startSpan();
    s.end();
    p.forceFlush().join(10, TimeUnit.SECONDS);
    p.shutdown().join(10, TimeUnit.SECONDS);
    return s.getSpanContext().getTraceId();
  }

  private static String jaegerThrift(String tenant) throws Exception {
    long traceLow = System.nanoTime();
    io.jaegertracing.thriftjava.Span span = new io.jaegertracing.thriftjava.Span(traceLow, 0, 7, 0, "op-jaeger",
        1, System.currentTimeMillis() * 1000 - 1000, 500);
    Batch batch = new Batch(new io.jaegertracing.thriftjava.Process("jaeger-http-" + tenant), List.of(span));
    byte[] body = new TSerializer(new TBinaryProtocol.Factory()).serialize(batch);
    HttpResponse<String> r = TenantHttp.post(tenant, node.jaegerHttp, "/api/traces", "application/x-thrift", body);
    assertEquals(202, r.statusCode(), r.body());
    return String.format("%016x", traceLow);
  }

  /** jaeger-client over UDP to the node's agent, whose agent.tenant is team-a. */
  private static String agentUdp() throws Exception {
    JaegerTracer tracer = new JaegerTracer.Builder("agent-udp-team-a")
        .withReporter(new RemoteReporter.Builder().withSender(new UdpSender("127.0.0.1", node.agentCompact, 0))
            .withFlushInterval(50).build())
        .withSampler(new ConstSampler(true)).build();
    JaegerSpan s = tracer.buildSpan("udp-op").start();
    s.finish();
    tracer.close();
    return s.context().getTraceId();
  }

  private static Set<String> services(String t) {
    return Set.of("otlp-grpc-" + t, "otlp-http-" + t, "jaeger-http-" + t, "zipkin-" + t, "zipkin-db-" + t);
  }

  private static String other(String t) {
    return t.equals("team-a") ? "team-b" : "team-a";
  }

  @Test
  void classicApiServicesTracesAndDependencies() throws Exception {
    for (String t : TENANTS) {
      JsonArray names = TenantHttp.json(t, node.query, "/api/services").getJsonArray("data");
      for (String s : services(t)) {
        assertTrue(names.contains(s), t + " sees its " + s + ": " + names);
      }
      for (String s : services(other(t))) {
        assertFalse(names.contains(s), t + " must not see " + s);
      }
      assertEquals(t.equals("team-a"), names.contains("agent-udp-team-a"), "the agent's spans are team-a's: " + names);
      for (String id : traces.get(other(t))) {
        assertEquals(404, TenantHttp.get(t, node.query, "/api/traces/" + id).statusCode(), t + " reads " + id);
      }
      JsonObject ops = TenantHttp.json(t, node.query, "/api/operations?service=zipkin-" + other(t));
      assertEquals(0, ops.getJsonArray("data").size(), "no operations of the other's service: " + ops);
      JsonObject search = TenantHttp.json(t, node.query, "/api/traces?service=zipkin-" + other(t) + "&lookback=1h");
      assertEquals(0, search.getJsonArray("data").size());
      JsonArray deps = TenantHttp.json(t, node.query, "/api/dependencies?endTs=" + System.currentTimeMillis()
          + "&lookback=3600000").getJsonArray("data");
      String links = deps.encode();
      assertTrue(links.contains("zipkin-db-" + t), t + "'s own dependency: " + links);
      assertFalse(links.contains(other(t)), t + " sees a dependency of the other: " + links);
    }
  }

  @Test
  void apiV3ZipkinAndTempoAreScoped() throws Exception {
    for (String t : TENANTS) {
      String v3 = TenantHttp.json(t, node.query, "/api/v3/services").encode();
      assertTrue(v3.contains("zipkin-" + t), v3);
      assertFalse(v3.contains(other(t)), v3);
      assertEquals(404, TenantHttp.get(t, node.query, "/api/v3/traces/" + traces.get(other(t)).get(0)).statusCode());
      HttpResponse<String> zipkin = TenantHttp.get(t, node.zipkin, "/api/v2/services");
      assertEquals(200, zipkin.statusCode(), zipkin.body());
      assertTrue(zipkin.body().contains("zipkin-" + t), zipkin.body());
      assertFalse(zipkin.body().contains(other(t)), zipkin.body());
      HttpResponse<String> onQueryPort = TenantHttp.get(t, node.query, "/zipkin/api/v2/services");
      assertEquals(200, onQueryPort.statusCode());
      assertTrue(onQueryPort.body().contains("zipkin-" + t), onQueryPort.body());
      assertFalse(onQueryPort.body().contains(other(t)), onQueryPort.body());
      String tempo = TenantHttp.json(t, node.query, "/api/search?q=" + java.net.URLEncoder.encode("{}",
          StandardCharsets.UTF_8) + "&limit=100&start=" + (System.currentTimeMillis() / 1000 - 3600)
          + "&end=" + (System.currentTimeMillis() / 1000 + 60)).encode();
      for (String id : traces.get(t)) {
        assertTrue(tempo.contains(id.replaceFirst("^0+", "")), t + "'s trace " + id + " in " + tempo);
      }
      for (String id : traces.get(other(t))) {
        assertFalse(tempo.contains(id.replaceFirst("^0+", "")), t + " finds " + id + " in " + tempo);
      }
    }
  }

  @Test
  void grpcQueryApiIsScopedByMetadata() throws Exception {
    GrpcClient client = GrpcClient.client(node.node.vertx());
    ServiceMethod<GetServicesResponse, GetServicesRequest> method = ServiceMethod.client(
        ServiceName.create("jaeger.api_v3.QueryService"), "GetServices", GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(GetServicesResponse.newBuilder()));
    try {
      for (String t : TENANTS) {
        List<String> names = Wait.await(client.request(SocketAddress.inetSocketAddress(node.queryGrpc, "127.0.0.1"), method)
            .compose(req -> {
              req.headers().set("x-tenant", t);
              // handlers set as the response comes, in its callback (not by this thread, maybe later)
              io.vertx.core.Future<GetServicesResponse> last = req.response().compose(resp -> resp.last());
              req.end(GetServicesRequest.getDefaultInstance());
              return last;
            })).getServicesList();
        assertTrue(names.containsAll(services(t)), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.endsWith(other(t))), names.toString());
      }
      GrpcStatus refused = Wait.await(client.request(SocketAddress.inetSocketAddress(node.queryGrpc, "127.0.0.1"), method)
          .compose(req -> {
            req.headers().set("x-tenant", "intruder");
            io.vertx.core.Future<GrpcStatus> status = req.response()
                .compose(resp -> resp.end().transform(ar -> io.vertx.core.Future.succeededFuture(resp.status())));
            req.end(GetServicesRequest.getDefaultInstance());
            return status;
          }));
      assertEquals(GrpcStatus.PERMISSION_DENIED, refused);
    } finally {
      client.close();
    }
  }

  @Test
  void eventBusQueriesNameTheirTenant() throws Exception {
    for (String t : TENANTS) {
      JsonObject answer = (JsonObject) Wait.await(node.node.vertx().eventBus().request(Addresses.QUERY_SERVICES,
          new JsonObject(), new DeliveryOptions().addHeader(Addresses.TENANT_HEADER, t))).body();
      String names = answer.getJsonArray("data").encode();
      assertTrue(names.contains("zipkin-" + t), names);
      assertFalse(names.contains(other(t)), names);
    }
  }

  @Test
  void theBrowserBridgePinsTheConnectionsTenant() throws Exception {
    java.util.concurrent.LinkedBlockingQueue<JsonObject> frames = new java.util.concurrent.LinkedBlockingQueue<>();
    // Held (and closed) to the end: a client nothing refers to is closed by Vert.x's cleaner
    // at a GC, its connections with it (a WebSocket "closed while handshake in process").
    io.vertx.core.http.WebSocketClient wsClient = node.node.vertx().createWebSocketClient();
    io.vertx.core.http.WebSocket ws = Wait.await(wsClient.connect(
        new io.vertx.core.http.WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.query)
            .setURI("/eventbus/websocket").addHeader("x-tenant", "team-a")), 10);
    ws.handler(b -> frames.add(new JsonObject(b)));
    try {
      // A header naming the other tenant is overwritten with the connection's.
      ws.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.QUERY_SERVICES)
          .put("replyAddress", "me").put("headers", new JsonObject().put("tenant", "team-b"))
          .put("body", new JsonObject()).encode());
      JsonObject reply = frames.poll(15, TimeUnit.SECONDS);
      assertNotNull(reply, "a reply");
      String names = reply.getJsonObject("body").getJsonArray("data").encode();
      assertTrue(names.contains("zipkin-team-a"), names);
      assertFalse(names.contains("team-b"), names);
      // Another tenant's live spans cannot be watched.
      ws.writeTextMessage(new JsonObject().put("type", "register").put("address", Addresses.liveOf("team-b", null))
          .encode());
      JsonObject err = frames.poll(15, TimeUnit.SECONDS);
      assertNotNull(err, "an answer to the register");
      assertEquals("err", err.getString("type"), err.encode());
    } finally {
      ws.close();
      wsClient.close();
    }
  }

  @Test
  void liveSpansArePublishedOnTheTenantsAddresses() throws Exception {
    io.vertx.core.eventbus.EventBus eb = node.node.vertx().eventBus();
    List<String> seenByA = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> seenByB = new java.util.concurrent.CopyOnWriteArrayList<>();
    var a = eb.<Object>consumer(Addresses.liveOf("team-a", null), m -> seenByA.add(String.valueOf(m.body())));
    var b = eb.<Object>consumer(Addresses.liveOf("team-b", null), m -> seenByB.add(String.valueOf(m.body())));
    Wait.await(a.completion());
    Wait.await(b.completion());
    try {
      for (String t : List.of("team-b", "team-a")) {
        assertEquals(202, TenantHttp.post(t, node.zipkin, "/api/v2/spans", "application/json", ZipkinJson.json(
            ZipkinJson.span(ZipkinJson.newTraceId(), ZipkinJson.spanId(), null, "live-" + t, "tick"))
            .getBytes(StandardCharsets.UTF_8)).statusCode());
      }
      Wait.until("team-a's live span", 20, () -> seenByA.stream().anyMatch(j -> j.contains("live-team-a")));
      Wait.until("team-b's live span", 20, () -> seenByB.stream().anyMatch(j -> j.contains("live-team-b")));
      assertFalse(seenByA.stream().anyMatch(j -> j.contains("team-b")), seenByA.toString());
      assertFalse(seenByB.stream().anyMatch(j -> j.contains("team-a")), seenByB.toString());
    } finally {
      Wait.await(a.unregister());
      Wait.await(b.unregister());
    }
  }

  @Test
  void spanMetricsAreCountedPerTenant() throws Exception {
    for (String t : TENANTS) {
      String path = "/api/metrics/calls?service=zipkin-" + t + "&lookback=3600000&step=1000&ratePer=60000";
      JsonObject own = Wait.forValue("span metrics of " + t, 30, () -> {
        try {
          JsonObject j = TenantHttp.json(t, node.query, path);
          return j.encode().contains("gaugeValue") || j.encode().contains("\"value\"") ? j : null;
        } catch (Exception e) {
          return null;
        }
      });
      assertNotNull(own);
      String leaked = TenantHttp.json(other(t), node.query, path).encode();
      assertFalse(leaked.contains("zipkin-" + t + "\""), other(t) + " sees metric points of " + t + ": " + leaked);
    }
  }

  @Test
  void refusedTenantsAnswer401And403() throws Exception {
    byte[] body = ZipkinJson.json(ZipkinJson.span(ZipkinJson.newTraceId(), ZipkinJson.spanId(), null, "x", "y"))
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(401, TenantHttp.post(null, node.zipkin, "/api/v2/spans", "application/json", body).statusCode());
    assertEquals(403, TenantHttp.post("intruder", node.zipkin, "/api/v2/spans", "application/json", body).statusCode());
    assertEquals(400, TenantHttp.post("bad/name", node.zipkin, "/api/v2/spans", "application/json", body).statusCode());
    HttpResponse<String> read = TenantHttp.get("intruder", node.query, "/api/services");
    assertEquals(403, read.statusCode());
    assertTrue(new JsonObject(read.body()).getString("error").contains("intruder"), read.body());
    assertEquals(401, TenantHttp.get(null, node.query, "/api/services").statusCode());
    assertTrue(node.metric("weft_tenant_refused_total{reason=\"not-allowed\"}") >= 2);
  }

  @Test
  void overTheRateLimitIsAnswered429WithRetryAfter() throws Exception {
    List<JsonObject> spans = new ArrayList<>();
    String trace = ZipkinJson.newTraceId();
    for (int i = 0; i < 30; i++) {
      spans.add(ZipkinJson.span(trace, ZipkinJson.spanId(), null, "limited-svc", "op"));
    }
    byte[] body = ZipkinJson.json(spans.toArray(JsonObject[]::new)).getBytes(StandardCharsets.UTF_8);
    // The bucket holds one second (10 spans): a full bucket lets a larger request through, into debt.
    assertEquals(202, TenantHttp.post("limited", node.zipkin, "/api/v2/spans", "application/json", body).statusCode());
    HttpResponse<String> second = TenantHttp.post("limited", node.zipkin, "/api/v2/spans", "application/json", body);
    assertEquals(429, second.statusCode(), second.body());
    assertTrue(Long.parseLong(second.headers().firstValue("retry-after").orElseThrow()) >= 1);
    assertTrue(second.body().contains("spans-per-second") || second.body().contains("spans/s"), second.body());
    // Another tenant is not held back by it.
    assertEquals(202, TenantHttp.post("team-b", node.zipkin, "/api/v2/spans", "application/json", ZipkinJson.json(
        ZipkinJson.span(ZipkinJson.newTraceId(), ZipkinJson.spanId(), null, "zipkin-team-b", "more"))
        .getBytes(StandardCharsets.UTF_8)).statusCode());
    assertTrue(node.metric("weft_tenant_refused_requests_total{limit=\"spans-per-second\",tenant=\"limited\"}") >= 1);
    assertTrue(node.metric("weft_tenant_spans_received_total{tenant=\"limited\"}") >= 60);
  }

  @Test
  void otlpGrpcOverTheLimitIsResourceExhaustedWithRetryInfo() throws Exception {
    GrpcClient client = GrpcClient.client(node.node.vertx());
    ServiceMethod<Buffer, Buffer> export = ServiceMethod.client(
        ServiceName.create("opentelemetry.proto.collector.trace.v1.TraceService"), "Export",
        GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
    List<io.weft.model.Span> batch = new ArrayList<>();
    io.weft.model.TraceId tid = new io.weft.model.TraceId(1, System.nanoTime());
    for (int i = 0; i < 30; i++) {
      batch.add(io.weft.testing.TestSpans.of(tid, i + 1, 0, "limited-grpc", "op").build());
    }
    Buffer body = Buffer.buffer(io.weft.codec.OtlpEncoder.encode(batch).toByteArray());
    try {
      List<String> outcomes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        outcomes.add(Wait.await(client.request(SocketAddress.inetSocketAddress(node.otlpGrpc, "127.0.0.1"), export)
            .compose(req -> {
              req.headers().set("x-tenant", "limited-grpc");
              // A refusal before any message is "trailers-only": its metadata arrive as headers.
              io.vertx.core.Future<String> outcome = req.response().compose(resp -> resp.end().transform(ar ->
                  io.vertx.core.Future.succeededFuture((resp.status() == GrpcStatus.RESOURCE_EXHAUSTED
                      ? "RESOURCE_EXHAUSTED" : String.valueOf(resp.status())) + " "
                      + (resp.headers().get("grpc-status-details-bin") != null
                          || resp.trailers().get("grpc-status-details-bin") != null))));
              req.end(body);
              return outcome;
            })));
      }
      assertTrue(outcomes.contains("RESOURCE_EXHAUSTED true"), outcomes.toString());
    } finally {
      client.close();
    }
  }
}
