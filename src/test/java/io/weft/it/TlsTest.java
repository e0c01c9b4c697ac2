package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.extension.trace.jaeger.sampler.JaegerRemoteSampler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.weft.proto.jaeger.api_v2.GetServicesRequest;
import io.weft.proto.jaeger.api_v2.QueryServiceGrpcClient;
import io.weft.testing.ChildProcess;
import io.weft.testing.TestCerts;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with TLS on every listener, from PEM files made for this run: mutual TLS (client certificates
 * of the test CA required) on the collector, sampling and admin ports, TLS alone on the query ports
 * (browsers carry no client certificate). Real clients: the OpenTelemetry SDK's OTLP exporters and
 * remote sampler, curl, a Vert.x gRPC client. A certificate replaced on disk is served to the next
 * connection; a client certificate from another CA, or none, is refused.
 */
class TlsTest {
  @TempDir
  static Path dir;
  static TestCerts.Ca ca;
  static TestCerts.Leaf server;
  static TestCerts.Leaf client;
  static TestCerts.Leaf intruder;
  static WeftProcess node;

  @BeforeAll
  static void start() throws Exception {
    ca = TestCerts.Ca.create(dir, "weft");
    server = ca.issue(dir, "server", "weft-node");
    client = ca.issue(dir, "client", "an-sdk");
    intruder = TestCerts.Ca.create(dir, "other").issue(dir, "intruder", "an-intruder");
    Map<String, String> o = new LinkedHashMap<>();
    o.put("tls.cert", server.cert().toString());
    o.put("tls.key", server.key().toString());
    o.put("tls.client-ca", ca.certFile.toString());
    o.put("tls.client-auth", "required");
    o.put("tls.client-auth.listeners", "collector,sampling,admin,bridge,cluster");
    o.put("tls.reload-interval", "200ms");
    o.put("sampling.default-probability", "0.0");
    o.put("collector.instances", "2");
    node = WeftProcess.startTls("tls", o, TestCerts.sslContext(ca.certFile, client));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static SdkTracerProvider provider(String service, SpanExporter exporter) {
    return SdkTracerProvider.builder().setResource(Resource.create(Attributes.of(
            io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), service)))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  }

  /** One span through the exporter; whether it was delivered. */
  static boolean export(String service, SpanExporter exporter, String[] traceId) {
    SdkTracerProvider p = provider(service, exporter);
    Span s = p.get("tls-test").spanBuilder("op").startSpan();
    traceId[0] = s.getSpanContext().getTraceId();
    s.end();
    boolean ok = p.forceFlush().join(15, TimeUnit.SECONDS).isSuccess();
    // SimpleSpanProcessor exports on end: a failed export shows in the exporter's own flush too.
    ok &= exporter.flush().join(15, TimeUnit.SECONDS).isSuccess();
    p.shutdown().join(10, TimeUnit.SECONDS);
    return ok;
  }

  @Test
  void otlpExportersDeliverOverMutualTlsAndTheQueryServesThemOverTls() throws Exception {
    byte[] caPem = Files.readAllBytes(ca.certFile);
    String[] viaGrpc = new String[1];
    String[] viaHttp = new String[1];
    assertTrue(deliveredSpans("grpc-svc", OtlpGrpcSpanExporter.builder().setEndpoint("https://127.0.0.1:" + node.otlpGrpc)
        .setTrustedCertificates(caPem).setClientTls(client.keyPem().getBytes(), client.certPem().getBytes())
        .setTimeout(Duration.ofSeconds(10)).build(), viaGrpc));
    assertTrue(deliveredSpans("http-svc", OtlpHttpSpanExporter.builder()
        .setEndpoint("https://127.0.0.1:" + node.otlpHttp + "/v1/traces").setTrustedCertificates(caPem)
        .setClientTls(client.keyPem().getBytes(), client.certPem().getBytes()).setTimeout(Duration.ofSeconds(10))
        .build(), viaHttp));
    for (String id : List.of(viaGrpc[0], viaHttp[0])) {
      String body = Wait.forValue("trace " + id + " over https", 20, () -> {
        Curl r = curl(node.query, "/api/traces/" + id, false, false);
        return r.status == 200 ? r.body : null;
      });
      assertEquals(1, new JsonObject(body).getJsonArray("data").getJsonObject(0).getJsonArray("spans").size());
    }
  }

  private static boolean deliveredSpans(String service, SpanExporter e, String[] id) {
    return export(service, e, id);
  }

  @Test
  void withoutAClientCertificateOrWithOneFromAnotherCaTheCollectorRefuses() throws Exception {
    byte[] caPem = Files.readAllBytes(ca.certFile);
    String[] id = new String[1];
    assertFalse(export("nocert", OtlpGrpcSpanExporter.builder().setEndpoint("https://127.0.0.1:" + node.otlpGrpc)
        .setTrustedCertificates(caPem).setTimeout(Duration.ofSeconds(5)).build(), id), "no client certificate");
    assertFalse(export("intruder", OtlpHttpSpanExporter.builder()
        .setEndpoint("https://127.0.0.1:" + node.otlpHttp + "/v1/traces").setTrustedCertificates(caPem)
        .setClientTls(intruder.keyPem().getBytes(), intruder.certPem().getBytes()).setTimeout(Duration.ofSeconds(5))
        .build(), id), "a client certificate of another CA");
    for (int port : List.of(node.zipkin, node.jaegerHttp, node.otlpHttp, node.samplingHttp, node.admin)) {
      assertNotEquals(0, curlExit(port, "/", List.of()), "no certificate: refused on " + port);
      assertNotEquals(0, curlExit(port, "/", List.of("--cert", intruder.cert().toString(), "--key",
          intruder.key().toString())), "another CA's certificate: refused on " + port);
    }
  }

  @Test
  void curlOnEveryHttpListener() throws Exception {
    String trace = ZipkinJson.newTraceId();
    Curl zipkin = curlPost(node.zipkin, "/api/v2/spans", "application/json",
        ZipkinJson.json(ZipkinJson.span(trace, ZipkinJson.spanId(), null, "zipkin-tls", "get")));
    assertEquals(202, zipkin.status, zipkin.body);
    Curl jaeger = curlPost(node.jaegerHttp, "/api/traces", "application/x-thrift", "not thrift");
    assertEquals(400, jaeger.status, "the Jaeger receiver answers over mutual TLS: " + jaeger.body);
    Curl sampling = curl(node.samplingHttp, "/sampling?service=shop", true, false);
    assertEquals(200, sampling.status, sampling.body);
    assertEquals(0.0, new JsonObject(sampling.body).getJsonObject("probabilisticSampling").getDouble("samplingRate"));
    Curl health = curl(node.admin, "/health", true, false);
    assertEquals(200, health.status, health.body);
    Curl ui = curl(node.query, "/api/services", false, false);
    assertEquals(200, ui.status, ui.body);
    Curl bridge = curl(node.query, "/eventbus/info", false, false);
    assertEquals(200, bridge.status, "the browsers' SockJS bridge over TLS: " + bridge.body);
    assertTrue(new JsonObject(bridge.body).getBoolean("websocket"), bridge.body);
    Curl h2 = curl(node.query, "/api/services", false, true);
    assertEquals(200, h2.status, "HTTP/2 over TLS (ALPN): " + h2.body);
    assertTrue(Wait.forValue("zipkin span stored", 20, () -> curl(node.query, "/api/traces/" + trace, false, false)
        .status == 200 ? true : null));
    // The plain scheme on a TLS port gets no answer.
    assertNotEquals(0, run(List.of("curl", "-sS", "-m", "5", "http://127.0.0.1:" + node.query + "/api/services")).exit);
  }

  /** weft roles reaches an admin port with mutual TLS given the CA and a client certificate, and only then. */
  @Test
  void rolesCommandSpeaksTlsToTheAdminPort() {
    String admin = "--admin=127.0.0.1:" + node.admin;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    assertEquals(1, roles(err, admin, "--tls-ca=" + ca.certFile, "--tls-cert=" + client.cert(),
        "--tls-key=" + client.key()));
    // This node is not clustered: the answer (404) came back over TLS.
    assertTrue(err.toString().contains("is not clustered"), err.toString());
    err.reset();
    assertEquals(1, roles(err, admin));
    assertTrue(err.toString().contains("cannot reach"), "plain HTTP to a TLS port: " + err);
    err.reset();
    assertEquals(1, roles(err, "--admin=https://127.0.0.1:" + node.admin, "--tls-ca=" + ca.certFile));
    assertTrue(err.toString().contains("cannot reach"), "no client certificate: " + err);
    err.reset();
    assertEquals(2, roles(err, admin, "--tls-cert=" + client.cert()));
    assertTrue(err.toString().contains("go together"), err.toString());
  }

  private static int roles(java.io.ByteArrayOutputStream err, String... args) {
    return io.weft.cli.RolesCommand.run(List.of(args), new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
        new java.io.PrintStream(err));
  }

  @Test
  void grpcClientsOnTheQueryAndSamplingPorts() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      GrpcClient tlsOnly = GrpcClient.client(vertx, new HttpClientOptions().setSsl(true).setUseAlpn(true)
          .setProtocolVersion(HttpVersion.HTTP_2).setTrustOptions(new PemTrustOptions().addCertPath(ca.certFile.toString())));
      QueryServiceGrpcClient v2 = QueryServiceGrpcClient.create(tlsOnly, SocketAddress.inetSocketAddress(node.queryGrpc,
          "127.0.0.1"));
      assertTrue(Wait.await(v2.getServices(GetServicesRequest.getDefaultInstance()), 20) != null,
          "api_v2 GetServices over TLS");
      Wait.await(tlsOnly.close()); // a use after the call: unreferenced, Vert.x's cleaner may close it during one
    } finally {
      Wait.await(vertx.close());
    }
    byte[] caPem = Files.readAllBytes(ca.certFile);
    JaegerRemoteSampler sampler = JaegerRemoteSampler.builder().setServiceName("shop")
        .setEndpoint("https://127.0.0.1:" + node.samplingGrpc).setTrustedCertificates(caPem)
        .setClientTls(client.keyPem().getBytes(), client.certPem().getBytes()).setPollingInterval(Duration.ofMillis(100))
        .setInitialSampler(Sampler.alwaysOn()).build();
    try {
      Wait.until("the remote sampler fetched probability 0.0 over mutual TLS", 20, () -> sampler.shouldSample(
          io.opentelemetry.context.Context.root(), "00000000000000004000000000000000", "op",
          io.opentelemetry.api.trace.SpanKind.SERVER, Attributes.empty(), List.of()).getDecision() == SamplingDecision.DROP);
    } finally {
      sampler.close();
    }
    Vertx v = Vertx.vertx();
    try {
      GrpcClient mutual = GrpcClient.client(v, new HttpClientOptions().setSsl(true).setUseAlpn(true)
          .setProtocolVersion(HttpVersion.HTTP_2).setTrustOptions(new PemTrustOptions().addCertPath(ca.certFile.toString()))
          .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(client.key().toString()).setCertPath(client.cert().toString())));
      QueryServiceGrpcClient v2 = QueryServiceGrpcClient.create(mutual, SocketAddress.inetSocketAddress(node.queryGrpc,
          "127.0.0.1"));
      assertTrue(Wait.await(v2.getServices(GetServicesRequest.getDefaultInstance()), 20) != null,
          "a client certificate where none is asked for does no harm");
      Wait.await(mutual.close()); // a use after the call: unreferenced, Vert.x's cleaner may close it during one
    } finally {
      Wait.await(v.close());
    }
  }

  @Test
  void aCertificateReplacedOnDiskIsServedToTheNextConnection() throws Exception {
    BigInteger before = TestCerts.served(node.query, ca.certFile, null).getSerialNumber();
    assertEquals(server.certificate().getSerialNumber(), before);
    double reloads = node.metric("weft_tls_reloads_total{outcome=\"ok\"}");
    TestCerts.Leaf renewed = ca.issue(dir, "renewed", "weft-node-renewed");
    TestCerts.writeAtomically(server.key(), renewed.keyPem());
    TestCerts.writeAtomically(server.cert(), renewed.certPem());
    Wait.until("the renewed certificate is served", 20, () -> TestCerts.served(node.query, ca.certFile, null)
        .getSerialNumber().equals(renewed.certificate().getSerialNumber()));
    for (int port : List.of(node.otlpGrpc, node.zipkin, node.admin, node.samplingGrpc, node.queryGrpc)) {
      assertEquals(renewed.certificate().getSerialNumber(), TestCerts.served(port, ca.certFile, client).getSerialNumber(),
          "every listener serves the renewed certificate: " + port);
    }
    assertTrue(node.metric("weft_tls_reloads_total{outcome=\"ok\"}") > reloads);
    Curl health = curl(node.admin, "/health", true, false);
    assertEquals(200, health.status, "served after the reload: " + health.body);
  }

  record Curl(int exit, int status, String body) {}

  static Curl curl(int port, String path, boolean clientCert, boolean http2) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-m", "10", "--cacert", ca.certFile.toString(),
        http2 ? "--http2" : "--http1.1", "-w", "\n%{http_code}"));
    if (clientCert) {
      cmd.addAll(List.of("--cert", client.cert().toString(), "--key", client.key().toString()));
    }
    cmd.add("https://127.0.0.1:" + port + path);
    return run(cmd);
  }

  static Curl curlPost(int port, String path, String type, String body) throws Exception {
    Path f = Files.writeString(dir.resolve("body-" + System.nanoTime()), body);
    return run(List.of("curl", "-sS", "-m", "10", "--cacert", ca.certFile.toString(), "--cert", client.cert().toString(),
        "--key", client.key().toString(), "-H", "content-type: " + type, "--data-binary", "@" + f, "-w", "\n%{http_code}",
        "https://127.0.0.1:" + port + path));
  }

  static int curlExit(int port, String path, List<String> extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-m", "10", "--cacert", ca.certFile.toString()));
    cmd.addAll(extra);
    cmd.add("https://127.0.0.1:" + port + path);
    Curl r = run(cmd);
    // A TLS 1.3 server refuses a client certificate after the handshake: curl may then see an HTTP status of 000.
    return r.exit != 0 ? r.exit : r.status == 0 ? 99 : 0;
  }

  static Curl run(List<String> cmd) throws Exception {
    Path log = dir.resolve("curl-" + System.nanoTime() + ".log");
    ChildProcess p = ChildProcess.start("curl", cmd, log);
    int exit = p.awaitExit(30);
    String out = p.log();
    int nl = out.lastIndexOf('\n');
    int status = 0;
    try {
      status = Integer.parseInt(out.substring(nl + 1).trim());
    } catch (NumberFormatException e) {
      // no status line: curl failed before any answer
    }
    return new Curl(exit, status, nl < 0 ? out : out.substring(0, nl));
  }
}
