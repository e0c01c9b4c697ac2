package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.jaegertracing.thriftjava.Process;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.weft.proto.jaeger.api_v2.GetServicesRequest;
import io.weft.proto.jaeger.api_v2.QueryServiceGrpcClient;
import io.weft.testing.Metrics;
import io.weft.testing.TestJwts;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with authentication on (a tokens file and an identity provider's JWKS served by this test
 * over HTTP, keys generated here), reached by real clients: the OpenTelemetry SDK's OTLP exporters
 * with an authorization header, jaeger-client's HttpSender with a bearer token, plain HTTP requests,
 * a Vert.x gRPC client, the browser bridge's WebSocket, and a Weft agent forwarding with a token.
 * Every refusal carries its reason and is counted.
 */
class AuthTest {
  static final String ISS = "https://idp.test/realms/weft";
  static final String AUD = "weft-api";
  static final String WRITER = "writer-" + UUID.randomUUID();
  static final String READER = "reader-" + UUID.randomUUID();
  static final String ADMIN = "admin-" + UUID.randomUUID();
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  static Path dir;
  static Path tokens;
  static TestJwts idp;
  static TestJwts.Key rsa;
  static TestJwts.Key ec;
  static WeftProcess node;

  @BeforeAll
  static void start() throws Exception {
    rsa = TestJwts.Key.rsa("rsa-1");
    ec = TestJwts.Key.ec("ec-1");
    idp = new TestJwts(rsa, ec);
    tokens = dir.resolve("tokens");
    Files.writeString(tokens, String.join("\n", "# token permissions tenant name",
        WRITER + " write team-a sdk-a", READER + " read team-a reader-a", ADMIN + " admin,read - ops", ""));
    Map<String, String> o = new LinkedHashMap<>();
    o.put("auth.tokens-file", tokens.toString());
    o.put("auth.tokens-reload-interval", "200ms");
    o.put("auth.oidc.jwks-url", idp.url());
    o.put("auth.oidc.issuer", ISS);
    o.put("auth.oidc.audience", AUD);
    node = WeftProcess.start("auth", o).adminToken(READER);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (idp != null) {
      idp.close();
    }
  }

  static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(15));
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(int port, String path, String type, byte[] body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(15)).header("content-type", type);
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    return HTTP.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One span through the exporter; whether it was delivered. */
  static boolean export(String service, SpanExporter exporter) {
    SdkTracerProvider p = SdkTracerProvider.builder().setResource(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), service)))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    p.get("auth-test").spanBuilder("op").startSpan().end();
    boolean ok = p.forceFlush().join(15, TimeUnit.SECONDS).isSuccess();
    ok &= exporter.flush().join(15, TimeUnit.SECONDS).isSuccess();
    p.shutdown().join(10, TimeUnit.SECONDS);
    return ok;
  }

  static OtlpGrpcSpanExporter grpcExporter(String token) {
    var b = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + node.otlpGrpc).setTimeout(Duration.ofSeconds(10));
    return token == null ? b.build() : b.addHeader("authorization", "Bearer " + token).build();
  }

  static OtlpHttpSpanExporter httpExporter(String token) {
    var b = OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + node.otlpHttp + "/v1/traces")
        .setTimeout(Duration.ofSeconds(10));
    return token == null ? b.build() : b.addHeader("authorization", "Bearer " + token).build();
  }

  static boolean serviceListed(String service) {
    try {
      HttpResponse<String> r = get(node.query, "/api/services", READER);
      return r.statusCode() == 200 && new JsonObject(r.body()).getJsonArray("data").contains(service);
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void everyReceiverTakesSpansOnlyWithAWriteToken() throws Exception {
    assertFalse(export("otlp-grpc-anon", grpcExporter(null)), "OTLP gRPC without a token");
    assertFalse(export("otlp-grpc-reader", grpcExporter(READER)), "OTLP gRPC with a read token");
    assertTrue(export("otlp-grpc-writer", grpcExporter(WRITER)), "OTLP gRPC with a write token");
    assertFalse(export("otlp-http-anon", httpExporter(null)), "OTLP HTTP without a token");
    assertTrue(export("otlp-http-writer", httpExporter(WRITER)), "OTLP HTTP with a write token");

    // Zipkin, as curl would post it: the reason comes back with the status.
    byte[] zipkin = ZipkinJson.json(ZipkinJson.span(ZipkinJson.newTraceId(), ZipkinJson.spanId(), null, "zipkin-writer",
        "op")).getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> anon = post(node.zipkin, "/api/v2/spans", "application/json", zipkin, null);
    assertEquals(401, anon.statusCode());
    assertEquals("Bearer realm=\"weft\"", anon.headers().firstValue("www-authenticate").orElse(""));
    assertEquals("a bearer token is required (Authorization: Bearer <token>)",
        new JsonObject(anon.body()).getString("error"));
    HttpResponse<String> reader = post(node.zipkin, "/api/v2/spans", "application/json", zipkin, READER);
    assertEquals(403, reader.statusCode());
    assertEquals("the token of 'reader-a' grants read; this needs write", new JsonObject(reader.body()).getString("error"));
    assertEquals(202, post(node.zipkin, "/api/v2/spans", "application/json", zipkin, WRITER).statusCode());

    // jaeger-client's HttpSender with its bearer-token option.
    io.jaegertracing.thriftjava.Span span = new io.jaegertracing.thriftjava.Span(7, 0, 3, 0, "op", 1,
        System.currentTimeMillis() * 1000, 1000);
    Exception refused = null;
    try {
      new HttpSender.Builder("http://127.0.0.1:" + node.jaegerHttp + "/api/traces").build()
          .send(new Process("jaeger-anon"), List.of(span));
    } catch (Exception e) {
      refused = e;
    }
    assertTrue(refused != null && refused.getMessage().contains("401"), "jaeger-client without a token: " + refused);
    new HttpSender.Builder("http://127.0.0.1:" + node.jaegerHttp + "/api/traces").withAuth(WRITER).build()
        .send(new Process("jaeger-writer"), List.of(span));

    for (String s : List.of("otlp-grpc-writer", "otlp-http-writer", "zipkin-writer", "jaeger-writer")) {
      Wait.until(s + " stored", 20, () -> serviceListed(s));
    }
    HttpResponse<String> services = get(node.query, "/api/services", READER);
    for (String s : List.of("otlp-grpc-anon", "otlp-grpc-reader", "otlp-http-anon", "jaeger-anon")) {
      assertFalse(services.body().contains("\"" + s + "\""), s + " was refused, yet stored: " + services.body());
    }
  }

  @Test
  void theQueryApisNeedAReadTokenAndTheUiPageDoesNot() throws Exception {
    for (String path : List.of("/api/services", "/api/v3/services", "/zipkin/api/v2/services", "/api/search/tags")) {
      HttpResponse<String> r = get(node.query, path, null);
      assertEquals(401, r.statusCode(), path);
      JsonObject body = new JsonObject(r.body());
      assertEquals(401, body.getJsonArray("errors").getJsonObject(0).getInteger("code"), path);
      assertEquals(200, get(node.query, path, READER).statusCode(), path);
    }
    HttpResponse<String> writer = get(node.query, "/api/services", WRITER);
    assertEquals(403, writer.statusCode());
    assertEquals("Bearer realm=\"weft\", error=\"insufficient_scope\"", writer.headers().firstValue("www-authenticate")
        .orElse(""));
    assertEquals("the token of 'sdk-a' grants write; this needs read", new JsonObject(writer.body())
        .getJsonArray("errors").getJsonObject(0).getString("msg"));
    HttpResponse<String> unknown = get(node.query, "/api/services", "no-such-token-anywhere");
    assertEquals(401, unknown.statusCode());
    assertTrue(unknown.headers().firstValue("www-authenticate").orElse("").contains("error=\"invalid_token\""));
    HttpResponse<String> basic = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.query
        + "/api/services")).header("authorization", "Basic dXNlcjpwYXNz").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("the Authorization header must be 'Bearer <token>'", new JsonObject(basic.body()).getString("error"));
    // The page that asks for a token loads without one.
    HttpResponse<String> page = get(node.query, "/", null);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<html"), page.body());
    // Sampling is not among auth.listeners by default: SDKs' samplers carry no token.
    assertEquals(200, get(node.samplingHttp, "/sampling?service=any", null).statusCode());
  }

  @Test
  void theGrpcQueryAnswersUnauthenticatedAndPermissionDeniedWithTheReason() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      GrpcClient client = GrpcClient.client(vertx);
      assertEquals("UNAUTHENTICATED a bearer token is required (Authorization: Bearer <token>)",
          Wait.await(getServices(client, null), 20));
      assertEquals("PERMISSION_DENIED the token of 'sdk-a' grants write; this needs read",
          Wait.await(getServices(client, WRITER), 20));
      assertEquals("OK", Wait.await(getServices(client, READER), 20));
      String jwt = rsa.sign(TestJwts.claims(ISS, AUD, Map.of("scope", "weft:read")));
      assertEquals("OK", Wait.await(getServices(client, jwt), 20), "a JWT on gRPC");
      Wait.await(client.close()); // a use after the calls: unreferenced, Vert.x's cleaner may close it during one
    } finally {
      Wait.await(vertx.close());
    }
  }

  /** api_v2 GetServices with the token as metadata: the status and its message ("OK" alone when OK). */
  static Future<String> getServices(GrpcClient client, String token) {
    return client.request(SocketAddress.inetSocketAddress(node.queryGrpc, "127.0.0.1"), QueryServiceGrpcClient.GetServices)
        .compose(req -> {
          if (token != null) {
            req.headers().set("authorization", "Bearer " + token);
          }
          req.end(GetServicesRequest.getDefaultInstance());
          return req.response().compose(resp -> resp.last().transform(ar -> Future.succeededFuture(
              resp.status().name() + (resp.statusMessage() == null ? "" : " " + resp.statusMessage()))));
        });
  }

  @Test
  void jwtsOfTheIdentityProvider() throws Exception {
    String reader = rsa.sign(TestJwts.claims(ISS, AUD, Map.of("scope", "openid weft:read", "tenant", "team-b")));
    assertEquals(200, get(node.query, "/api/services", reader).statusCode(), "RS256");
    String writer = ec.sign(TestJwts.claims(ISS, AUD, Map.of("scope", "weft:write")));
    assertTrue(export("jwt-writer", httpExporter(writer)), "ES256 on OTLP HTTP");
    assertEquals(403, get(node.query, "/api/services", writer).statusCode());
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<String> expired = get(node.query, "/api/services", rsa.sign(TestJwts.claims(ISS, AUD,
        Map.of("scope", "weft:read", "exp", now - 3600))));
    assertEquals(401, expired.statusCode());
    assertTrue(new JsonObject(expired.body()).getString("error").startsWith("the JWT expired at "), expired.body());
    HttpResponse<String> otherAudience = get(node.query, "/api/services", rsa.sign(TestJwts.claims(ISS, "grafana",
        Map.of("scope", "weft:read"))));
    assertEquals("the JWT's audience (aud) does not include 'weft-api'", new JsonObject(otherAudience.body())
        .getString("error"));
    // The provider rotates: a token of a new key is accepted once the JWKS is fetched again.
    int fetches = idp.fetches();
    TestJwts.Key next = TestJwts.Key.rsa("rsa-2");
    String rotated = next.sign(TestJwts.claims(ISS, AUD, Map.of("scope", "weft:read")));
    HttpResponse<String> before = get(node.query, "/api/services", rotated);
    assertEquals(401, before.statusCode(), "a key the provider does not serve");
    assertTrue(before.body().contains("the JWT's signing key 'rsa-2' is not in the JWKS"), before.body());
    idp.add(next);
    Wait.until("the rotated key is fetched (at most every 10 s)", 30,
        () -> get(node.query, "/api/services", rotated).statusCode() == 200);
    assertTrue(idp.fetches() > fetches, "the JWKS was fetched again");
  }

  @Test
  void aTokenAddedToTheFileCountsWithoutARestartAndOneRemovedStops() throws Exception {
    String added = "added-" + UUID.randomUUID();
    String before = Files.readString(tokens);
    assertEquals(401, get(node.query, "/api/services", added).statusCode());
    Files.writeString(tokens, before + added + " read team-c added\n");
    Wait.until("the new token is accepted", 20, () -> get(node.query, "/api/services", added).statusCode() == 200);
    Files.writeString(tokens, before);
    Wait.until("the removed token is refused", 20, () -> get(node.query, "/api/services", added).statusCode() == 401);
  }

  @Test
  void adminHealthIsOpenMetricsNeedReadAndRefusalsAreCounted() throws Exception {
    assertEquals(200, get(node.admin, "/health", null).statusCode());
    assertEquals(401, get(node.admin, "/metrics", null).statusCode());
    assertEquals(403, get(node.admin, "/metrics", WRITER).statusCode());
    get(node.query, "/api/services", null);
    post(node.zipkin, "/api/v2/spans", "application/json", "[]".getBytes(StandardCharsets.UTF_8), READER);
    String metrics = get(node.admin, "/metrics", READER).body();
    assertTrue(Metrics.value(metrics, "weft_auth_refused_total", "listener=\"query\",reason=\"no_token\"") >= 1, metrics);
    assertTrue(Metrics.value(metrics, "weft_auth_refused_total", "listener=\"collector\",reason=\"forbidden\"") >= 1);
    assertTrue(Metrics.value(metrics, "weft_auth_refused_total", "listener=\"admin\",reason=\"no_token\"") >= 1);
  }

  @Test
  void theBrowserBridgeChecksEachFrameForAToken() throws Exception {
    Vertx vertx = Vertx.vertx();
    // Held (and closed) to the end: a client nothing refers to is closed by Vert.x's cleaner
    // at a GC, its connections with it (a WebSocket "closed while handshake in process").
    WebSocketClient wsClient = vertx.createWebSocketClient();
    try {
      LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
      WebSocket ws = Wait.await(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(node.query).setURI("/eventbus/websocket")), 10);
      ws.handler(b -> frames.add(new JsonObject(b)));
      ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "weft.query.services")
          .put("replyAddress", "r1").put("body", new JsonObject()).encode());
      JsonObject refused = frames.poll(15, TimeUnit.SECONDS);
      assertEquals("r1", refused.getString("address"), refused.encode());
      assertEquals(401, refused.getInteger("failureCode"));
      assertEquals("unauthenticated: a bearer token is required (Authorization: Bearer <token>)",
          refused.getString("message"));
      frames.clear();
      ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "weft.query.services")
          .put("replyAddress", "r2").put("body", new JsonObject())
          .put("headers", new JsonObject().put("authorization", "Bearer " + READER)).encode());
      JsonObject reply = Wait.forValue("the services reply", 15, () -> {
        JsonObject f = frames.poll(1, TimeUnit.SECONDS);
        return f != null && "r2".equals(f.getString("address")) ? f : null;
      });
      assertTrue(reply.getValue("failureCode") == null, reply.encode());
      assertTrue(reply.containsKey("body"), reply.encode());
    } finally {
      Wait.await(wsClient.close());
      Wait.await(vertx.close());
    }
  }

  @Test
  void anAgentForwardsWithItsToken() throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("roles", "agent");
    o.put("agent.collector.host", "127.0.0.1:" + node.otlpGrpc);
    o.put("agent.collector.token", WRITER);
    try (WeftProcess agent = WeftProcess.start("auth-agent", o)) {
      io.jaegertracing.thriftjava.Span span = new io.jaegertracing.thriftjava.Span(9, 0, 5, 0, "op", 1,
          System.currentTimeMillis() * 1000, 1000);
      // jaeger-client's UDP sender to the agent, which forwards over OTLP gRPC with its token.
      new io.jaegertracing.thrift.internal.senders.UdpSender("127.0.0.1", agent.agentCompact, 0)
          .send(new Process("via-agent"), List.of(span));
      Wait.until("the agent's span stored", 30, () -> serviceListed("via-agent"));
    }
  }
}
