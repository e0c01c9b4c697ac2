package io.weft.it;

import io.weft.testing.OtelSdk;
import static io.weft.it.TraceJson.process;
import static io.weft.it.TraceJson.serviceOf;
import static io.weft.it.TraceJson.span;
import static io.weft.it.TraceJson.tagType;
import static io.weft.it.TraceJson.tagValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.HttpSender;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.testing.Wait;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import zipkin2.Endpoint;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.SpanBytesEncoder;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Real SDK clients (OpenTelemetry over OTLP gRPC and HTTP, jaeger-client's HttpSender, the Zipkin
 * reporter in JSON and proto3) send to one all-in-one node; traces are read back from the Jaeger
 * query API field by field.
 */
class SdkIngestTest {
  @RegisterExtension
  static final TestNode node = TestNode.forClass();
  static final long T0 = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L; // a minute ago, in ns

  private static SdkTracerProvider provider(String service, SpanExporter exporter, Attributes extra) {
    Resource r = Resource.create(Attributes.builder().put("service.name", service).putAll(extra).build());
    return SdkTracerProvider.builder().setResource(r).addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
  }

  /** frontend (OTLP gRPC) calls payment (OTLP HTTP protobuf): one 128-bit trace over two exporters. */
  @Test
  void openTelemetryTraceAcrossGrpcAndHttpExporters() throws Exception {
    SdkTracerProvider frontend = provider("frontend",
        OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + node.otlpGrpc).build(),
        Attributes.of(AttributeKey.stringKey("host.name"), "fe-host", AttributeKey.stringKey("deployment.environment"), "test"));
    Tracer fe = frontend.get("checkout-lib", "1.2.3");
    Span root = fe.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setStartTimestamp(T0, TimeUnit.NANOSECONDS)
        .setAttribute("http.method", "GET").setAttribute("http.status_code", 500L).setAttribute("cache.hit", true)
        .setAttribute("ratio", 0.25).setAttribute(AttributeKey.stringArrayKey("items"), List.of("a", "b")).startSpan();
    root.addEvent("cart loaded", Attributes.of(AttributeKey.longKey("cart.size"), 3L), T0 + 1_000_000, TimeUnit.NANOSECONDS);
    Span call = fe.spanBuilder("charge card").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(root))
        .setStartTimestamp(T0 + 2_000_000, TimeUnit.NANOSECONDS).startSpan();
    call.setStatus(StatusCode.ERROR, "card declined");
    call.end(T0 + 52_000_000, TimeUnit.NANOSECONDS);
    root.end(T0 + 120_000_000, TimeUnit.NANOSECONDS);
    OtelSdk.flush(frontend);

    SdkTracerProvider payment = provider("payment",
        OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + node.otlpHttp + "/v1/traces").build(),
        Attributes.of(AttributeKey.stringKey("host.name"), "pay-host"));
    SpanContext remote = SpanContext.createFromRemoteParent(call.getSpanContext().getTraceId(),
        call.getSpanContext().getSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
    Span server = payment.get("pay-lib").spanBuilder("POST /charge").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(remote))).setStartTimestamp(T0 + 5_000_000, TimeUnit.NANOSECONDS).startSpan();
    server.end(T0 + 45_000_000, TimeUnit.NANOSECONDS);
    OtelSdk.flush(payment);

    String traceId = root.getSpanContext().getTraceId();
    JsonObject trace = Wait.forValue("trace with 3 spans", 20, () -> node.traceWith(traceId, 3));
    assertEquals(traceId, trace.getString("traceID"), "128-bit id as 32 hex digits");
    assertEquals(32, trace.getString("traceID").length());

    JsonObject r = span(trace, "GET /checkout");
    assertEquals(root.getSpanContext().getSpanId(), r.getString("spanID"));
    assertEquals(T0 / 1000, r.getLong("startTime"));
    assertEquals(120_000L, r.getLong("duration"));
    assertTrue(r.getJsonArray("references").isEmpty(), "root has no references");
    JsonArray tags = r.getJsonArray("tags");
    assertEquals("GET", tagValue(tags, "http.method"));
    assertEquals("int64", tagType(tags, "http.status_code"));
    assertEquals(500, ((Number) tagValue(tags, "http.status_code")).intValue());
    assertEquals("bool", tagType(tags, "cache.hit"));
    assertEquals(true, tagValue(tags, "cache.hit"));
    assertEquals("float64", tagType(tags, "ratio"));
    assertEquals(0.25, ((Number) tagValue(tags, "ratio")).doubleValue());
    assertEquals("[\"a\",\"b\"]", tagValue(tags, "items"));
    assertEquals("server", tagValue(tags, "span.kind"));
    assertEquals("checkout-lib", tagValue(tags, "otel.scope.name"));
    assertEquals("1.2.3", tagValue(tags, "otel.scope.version"));
    JsonObject log = r.getJsonArray("logs").getJsonObject(0);
    assertEquals(T0 / 1000 + 1000, log.getLong("timestamp"));
    assertEquals("cart loaded", tagValue(log.getJsonArray("fields"), "event"));
    assertEquals(3, ((Number) tagValue(log.getJsonArray("fields"), "cart.size")).intValue());
    JsonObject feProcess = process(trace, r);
    assertEquals("frontend", feProcess.getString("serviceName"));
    assertEquals("fe-host", tagValue(feProcess.getJsonArray("tags"), "host.name"));
    assertEquals("test", tagValue(feProcess.getJsonArray("tags"), "deployment.environment"));
    assertNull(TraceJson.tag(feProcess.getJsonArray("tags"), "service.name"), "service.name is not repeated");

    JsonObject c = span(trace, "charge card");
    JsonObject ref = c.getJsonArray("references").getJsonObject(0);
    assertEquals("CHILD_OF", ref.getString("refType"));
    assertEquals(r.getString("spanID"), ref.getString("spanID"));
    assertEquals(traceId, ref.getString("traceID"));
    assertEquals(50_000L, c.getLong("duration"));
    assertEquals(true, tagValue(c.getJsonArray("tags"), "error"));
    assertEquals("ERROR", tagValue(c.getJsonArray("tags"), "otel.status_code"));
    assertEquals("card declined", tagValue(c.getJsonArray("tags"), "otel.status_description"));
    assertEquals("client", tagValue(c.getJsonArray("tags"), "span.kind"));

    JsonObject p = span(trace, "POST /charge");
    assertEquals("payment", serviceOf(trace, p));
    assertEquals(c.getString("spanID"), p.getJsonArray("references").getJsonObject(0).getString("spanID"));
    assertEquals("pay-host", tagValue(process(trace, p).getJsonArray("tags"), "host.name"));

    // Search: service, operation, tags (JSON map and tag=k:v), durations.
    assertFound(traceId, "service=frontend");
    assertFound(traceId, "service=frontend&operation=" + enc("charge card"));
    assertFound(traceId, "service=frontend&tags=" + enc("{\"error\":\"true\"}"));
    assertFound(traceId, "service=frontend&tag=http.method:GET&tag=cache.hit:true");
    assertFound(traceId, "service=payment&tag=host.name:pay-host");
    assertFound(traceId, "service=frontend&minDuration=100ms&maxDuration=1s");
    assertNotFound(traceId, "service=frontend&minDuration=200ms");
    assertNotFound(traceId, "service=frontend&tag=http.method:POST");
    assertNotFound(traceId, "service=frontend&operation=nope");

    // Services, operations, dependencies.
    JsonArray services = node.query("/api/services").getJsonArray("data");
    assertTrue(services.contains("frontend") && services.contains("payment"), services.encode());
    JsonArray ops = node.query("/api/operations?service=frontend&spanKind=client").getJsonArray("data");
    assertEquals(new JsonArray().add(new JsonObject().put("name", "charge card").put("spanKind", "client")), ops);
    JsonArray names = node.query("/api/services/frontend/operations").getJsonArray("data");
    assertTrue(names.contains("GET /checkout") && names.contains("charge card"), names.encode());
    JsonArray deps = node.query("/api/dependencies?endTs=" + System.currentTimeMillis() + "&lookback=3600000")
        .getJsonArray("data");
    assertTrue(deps.stream().anyMatch(d -> ((JsonObject) d).getString("parent").equals("frontend")
        && ((JsonObject) d).getString("child").equals("payment") && ((JsonObject) d).getLong("callCount") >= 1),
        deps.encode());
  }

  /** jaeger-client's HttpSender posts thrift to /api/traces; 64-bit ids, typed tags, logs, process tags. */
  @Test
  void jaegerClientHttpSender() throws Exception {
    HttpSender sender = new HttpSender.Builder("http://127.0.0.1:" + node.jaegerHttp + "/api/traces").build();
    JaegerTracer tracer = new JaegerTracer.Builder("inventory")
        .withReporter(new RemoteReporter.Builder().withSender(sender).withFlushInterval(50).build())
        .withSampler(new ConstSampler(true)).withTag("region", "eu-1").build();
    JaegerSpan parent = JaegerClientSpans.parentWithChild(tracer, "reserve");
    parent.finish();
    tracer.close();

    String traceId = parent.context().getTraceId();
    JsonObject trace = Wait.forValue("jaeger trace", 20, () -> node.traceWith(traceId, 2));
    assertEquals(16, trace.getString("traceID").length(), "64-bit id as 16 hex digits");
    JsonObject p = span(trace, "reserve");
    JaegerClientSpans.assertTagsAndLog(p);
    assertEquals("jaeger", tagValue(p.getJsonArray("tags"), "internal.span.format"));
    JsonObject proc = process(trace, p);
    assertEquals("inventory", proc.getString("serviceName"));
    assertEquals("eu-1", tagValue(proc.getJsonArray("tags"), "region"));
    JsonObject c = span(trace, "db.update");
    assertEquals(p.getString("spanID"), c.getJsonArray("references").getJsonObject(0).getString("spanID"));
    JsonArray ops = node.query("/api/operations?service=inventory&spanKind=server").getJsonArray("data");
    assertEquals("reserve", ops.getJsonObject(0).getString("name"));
  }

  /** Zipkin reporter, JSON v2 and proto3; a shared client/server span id is split into two spans. */
  @Test
  void zipkinReporterJsonAndProto3() throws Exception {
    for (Encoding encoding : List.of(Encoding.JSON, Encoding.PROTO3)) {
      URLConnectionSender sender = URLConnectionSender.newBuilder().encoding(encoding)
          .endpoint("http://127.0.0.1:" + node.zipkin + "/api/v2/spans").build();
      AsyncReporter<zipkin2.Span> reporter = AsyncReporter.builder(sender)
          .build(encoding == Encoding.JSON ? SpanBytesEncoder.JSON_V2 : SpanBytesEncoder.PROTO3);
      String traceId = encoding == Encoding.JSON ? "463ac35c9f6413ad48485a3953bb6124" : "0000000000000000a1b2c3d4e5f60718";
      long ts = System.currentTimeMillis() * 1000 - 30_000_000;
      zipkin2.Span client = zipkin2.Span.newBuilder().traceId(traceId).id("0000000000000abc").name("get /users")
          .kind(zipkin2.Span.Kind.CLIENT).localEndpoint(Endpoint.newBuilder().serviceName("web").ip("10.0.0.1").build())
          .remoteEndpoint(Endpoint.newBuilder().serviceName("users").ip("10.0.0.2").port(8080).build())
          .timestamp(ts).duration(20_000).putTag("http.path", "/users").addAnnotation(ts + 100, "wire.send").build();
      zipkin2.Span server = zipkin2.Span.newBuilder().traceId(traceId).id("0000000000000abc").name("get /users")
          .kind(zipkin2.Span.Kind.SERVER).shared(true)
          .localEndpoint(Endpoint.newBuilder().serviceName("users").ip("10.0.0.2").build())
          .timestamp(ts + 2_000).duration(15_000).putTag("error", "timeout").build();
      reporter.report(client);
      reporter.report(server);
      reporter.flush();
      reporter.close();
      sender.close();

      String id = traceId.startsWith("0000000000000000") ? traceId.substring(16) : traceId;
      JsonObject trace = Wait.forValue("zipkin trace " + encoding, 20, () -> node.traceWith(id, 2));
      JsonArray spans = trace.getJsonArray("spans");
      JsonObject c = null;
      JsonObject s = null;
      for (Object o : spans) {
        JsonObject j = (JsonObject) o;
        if ("web".equals(serviceOf(trace, j))) {
          c = j;
        } else {
          s = j;
        }
      }
      assertEquals("0000000000000abc", c.getString("spanID"));
      assertNotEquals(c.getString("spanID"), s.getString("spanID"), "shared span id deduplicated");
      assertEquals(c.getString("spanID"), s.getJsonArray("references").getJsonObject(0).getString("spanID"),
          "the server half becomes a child of the client half");
      assertEquals("users", serviceOf(trace, s));
      assertEquals("/users", tagValue(c.getJsonArray("tags"), "http.path"));
      assertEquals("users", tagValue(c.getJsonArray("tags"), "peer.service"));
      assertEquals("wire.send", tagValue(c.getJsonArray("logs").getJsonObject(0).getJsonArray("fields"), "event"));
      assertEquals(20_000L, c.getLong("duration"));
      assertEquals(true, tagValue(s.getJsonArray("tags"), "error"));
      assertFound(id, "service=users&tags=" + enc("{\"error\":\"true\"}"));
    }
    JsonArray deps = node.query("/api/dependencies?endTs=" + System.currentTimeMillis() + "&lookback=3600000")
        .getJsonArray("data");
    assertTrue(deps.stream().anyMatch(d -> ((JsonObject) d).getString("parent").equals("web")
        && ((JsonObject) d).getString("child").equals("users")), deps.encode());
  }

  /** OTLP/HTTP JSON as the spec shows it: hex ids, int64 as strings. */
  @Test
  void otlpHttpJson() throws Exception {
    long start = System.currentTimeMillis() * 1_000_000L - 10_000_000_000L;
    String body = """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
          "scopeSpans":[{"scope":{"name":"manual"},"spans":[{
            "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"json-op","kind":2,
            "startTimeUnixNano":"%d","endTimeUnixNano":"%d",
            "attributes":[{"key":"n","value":{"intValue":"42"}},{"key":"ok","value":{"boolValue":true}}]}]}]}]}
        """.formatted(start, start + 7_000_000);
    var resp = node.post(node.otlpHttp, "/v1/traces", "application/json", body.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, resp.statusCode(), resp.body());
    JsonObject trace = Wait.forValue("json trace", 20, () -> node.traceWith("5b8efff798038103d269b633813fc60c", 1));
    JsonObject s = span(trace, "json-op");
    assertEquals("eee19b7ec3c1b174", s.getString("spanID"));
    assertEquals(7_000L, s.getLong("duration"));
    assertEquals(42, ((Number) tagValue(s.getJsonArray("tags"), "n")).intValue());
    assertEquals(true, tagValue(s.getJsonArray("tags"), "ok"));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static boolean found(String traceId, String query) throws Exception {
    JsonArray data = node.query("/api/traces?" + query + "&lookback=2h&limit=100").getJsonArray("data");
    return data.stream().anyMatch(t -> ((JsonObject) t).getString("traceID").equals(traceId));
  }

  private static void assertFound(String traceId, String query) throws Exception {
    assertTrue(found(traceId, query), "search " + query + " finds " + traceId);
  }

  private static void assertNotFound(String traceId, String query) throws Exception {
    assertTrue(!found(traceId, query), "search " + query + " does not find " + traceId);
  }
}
