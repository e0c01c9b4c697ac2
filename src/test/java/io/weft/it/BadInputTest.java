package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.weft.testing.Wait;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Malformed, oversized and invalid input: a clear error, the node stays up, and good spans land. */
@ExtendWith(VertxExtension.class)
class BadInputTest {
  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("collector.max-request-bytes", "1048576"));
  static Vertx vertx;
  static final byte[] GARBAGE = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x01, 0x02};

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
  }

  @AfterEach
  void nodeStillHealthy() throws Exception {
    assertEquals(200, node.get(node.admin, "/health").statusCode());
  }

  @Test
  void malformedBodiesGet400WithAMessage() throws Exception {
    assertBadRequest(node.post(node.otlpHttp, "/v1/traces", "application/x-protobuf", GARBAGE));
    assertBadRequest(node.post(node.otlpHttp, "/v1/traces", "application/json", "{\"resourceSpans\":[{".getBytes()));
    assertBadRequest(node.post(node.otlpHttp, "/v1/traces", "application/json", "{\"resourceSpans\":7}".getBytes()));
    assertBadRequest(node.post(node.zipkin, "/api/v2/spans", "application/json", "[{\"traceId\":".getBytes()));
    assertBadRequest(node.post(node.zipkin, "/api/v2/spans", "application/x-protobuf", GARBAGE));
    assertBadRequest(node.post(node.jaegerHttp, "/api/traces", "application/x-thrift", GARBAGE));
    String metrics = node.get(node.admin, "/metrics").body();
    assertTrue(metrics.contains("weft_requests_rejected_total{") && metrics.contains("reason=\"undecodable\""), metrics);
  }

  @Test
  void unsupportedContentTypeIs415() throws Exception {
    HttpResponse<String> r = node.post(node.otlpHttp, "/v1/traces", "text/plain", "hi".getBytes());
    assertEquals(415, r.statusCode());
    assertTrue(r.body().contains("application/x-protobuf"), r.body());
  }

  @Test
  void oversizedBodiesGet413() throws Exception {
    byte[] big = new byte[2 * 1024 * 1024];
    Arrays.fill(big, (byte) 'x');
    HttpResponse<String> r = node.post(node.zipkin, "/api/v2/spans", "application/json", big);
    assertEquals(413, r.statusCode());
    assertTrue(r.body().contains("collector.max-request-bytes"), r.body());
    assertEquals(413, node.post(node.otlpHttp, "/v1/traces", "application/x-protobuf", big).statusCode());
    assertEquals(413, node.post(node.jaegerHttp, "/api/traces", "application/x-thrift", big).statusCode());
  }

  @Test
  void invalidSpansAreRejectedAloneWithReasons() throws Exception {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    long now = System.currentTimeMillis() * 1_000_000L;
    ExportTraceServiceRequest req = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resourceSpans("good-svc",
            span(traceId, "00f067aa0ba902b7", "good", now - 5_000_000, now),
            span(traceId, "00f067aa0ba902b8", "from 1970", 1_000, 2_000),
            span(traceId, "00f067aa0ba902b9", "negative", now, now - 1_000_000_000L),
            span("", "00f067aa0ba902ba", "no trace id", now - 5_000_000, now)))
        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
            .addSpans(span(traceId, "00f067aa0ba902bb", "no service", now - 5_000_000, now))))
        .build();
    HttpResponse<byte[]> resp = postProto(req);
    assertEquals(200, resp.statusCode());
    ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(resp.body());
    assertEquals(4, answer.getPartialSuccess().getRejectedSpans());
    String msg = answer.getPartialSuccess().getErrorMessage();
    assertTrue(msg.contains("no trace id") || msg.contains("trace id"), msg);
    assertTrue(msg.contains("service"), msg);

    JsonObject trace = Wait.forValue("the good span", 20, () -> node.traceWith(traceId, 1));
    assertEquals(1, trace.getJsonArray("spans").size(), "only the good span is stored");
    assertEquals("good", trace.getJsonArray("spans").getJsonObject(0).getString("operationName"));
    String metrics = node.get(node.admin, "/metrics").body();
    for (String reason : new String[] {"bad-timestamp", "bad-duration", "missing-trace-id", "missing-service"}) {
      assertTrue(metrics.contains("weft_spans_rejected_total{reason=\"" + reason + "\"}"), reason + " in " + metrics);
    }
  }

  @Test
  void tooManyTagsIsRejected() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    Span.Builder s = span("1af7651916cd43dd8448eb211c80319c", "10f067aa0ba902b7", "tagged", now - 1000, now).toBuilder();
    for (int i = 0; i < 1001; i++) {
      s.addAttributes(KeyValue.newBuilder().setKey("k" + i).setValue(AnyValue.newBuilder().setIntValue(i)));
    }
    ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(
        postProto(ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans("tags-svc", s.build())).build()).body());
    assertEquals(1, answer.getPartialSuccess().getRejectedSpans());
    assertTrue(answer.getPartialSuccess().getErrorMessage().contains("1001 tags"), answer.getPartialSuccess().getErrorMessage());
  }

  @Test
  void malformedGrpcIsInvalidArgumentAndOversizedIsResourceExhausted() throws Exception {
    GrpcClient client = GrpcClient.client(vertx);
    try {
      GrpcClientResponse<Buffer, ExportTraceServiceResponse> resp = grpcExport(client, GARBAGE);
      assertEquals(GrpcStatus.INVALID_ARGUMENT, resp.status());
      assertNotNull(resp.statusMessage());
      assertTrue(resp.statusMessage().contains("decode"), resp.statusMessage());
      assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, grpcExport(client, new byte[2 * 1024 * 1024]).status());
    } finally {
      client.close();
    }
  }

  @Test
  void damagedProtobufIsRefusedWithAReasonWhileTheRequestsBesideItLand() throws Exception {
    String traceId = "2af7651916cd43dd8448eb211c80319c";
    long now = System.currentTimeMillis() * 1_000_000L;
    byte[] viaGrpc = ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans("beside-svc",
        span(traceId, "20f067aa0ba902b7", "beside", now - 5_000_000, now))).build().toByteArray();
    byte[] viaHttp = ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans("beside-svc",
        span(traceId, "20f067aa0ba902b8", "beside", now - 4_000_000, now))).build().toByteArray();
    byte[] badUtf8 = viaGrpc.clone();
    badUtf8[new String(badUtf8, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("beside")] = (byte) 0xff;
    byte[] pastTheEnd = Arrays.copyOf(viaGrpc, viaGrpc.length + 2);
    pastTheEnd[viaGrpc.length] = 0x0a;
    pastTheEnd[viaGrpc.length + 1] = 0x7f;
    GrpcClient client = GrpcClient.client(vertx);
    try {
      for (byte[] bad : new byte[][] {Arrays.copyOf(viaGrpc, viaGrpc.length - 3), badUtf8, pastTheEnd}) {
        GrpcClientResponse<Buffer, ExportTraceServiceResponse> resp = grpcExport(client, bad);
        assertEquals(GrpcStatus.INVALID_ARGUMENT, resp.status());
        assertTrue(resp.statusMessage().contains("malformed OTLP protobuf"), resp.statusMessage());
        HttpResponse<String> r = node.post(node.otlpHttp, "/v1/traces", "application/x-protobuf", bad);
        assertBadRequest(r);
        assertTrue(r.body().contains("malformed OTLP protobuf"), r.body());
      }
      assertEquals(GrpcStatus.OK, grpcExport(client, viaGrpc).status());
    } finally {
      client.close();
    }
    assertEquals(200, node.post(node.otlpHttp, "/v1/traces", "application/x-protobuf", viaHttp).statusCode());
    JsonObject trace = Wait.forValue("both good spans", 20, () -> node.traceWith(traceId, 2));
    assertEquals(2, trace.getJsonArray("spans").size());
  }

  private static GrpcClientResponse<Buffer, ExportTraceServiceResponse> grpcExport(GrpcClient client, byte[] body)
      throws Exception {
    ServiceMethod<ExportTraceServiceResponse, Buffer> export = ServiceMethod.client(
        ServiceName.create("opentelemetry.proto.collector.trace.v1.TraceService"), "Export",
        GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.decoder(ExportTraceServiceResponse.newBuilder()));
    return Wait.await(client.request(SocketAddress.inetSocketAddress(node.otlpGrpc, "127.0.0.1"), export)
        .compose(req -> {
          // handlers set as the response comes, in its callback (not by this thread, maybe later)
          io.vertx.core.Future<GrpcClientResponse<Buffer, ExportTraceServiceResponse>> r = req.response()
              .compose(resp -> resp.end().transform(ar -> io.vertx.core.Future.succeededFuture(resp)));
          req.end(Buffer.buffer(body));
          return r;
        }), 10);
  }

  @Test
  void fullQueueAnswersRetryable() throws Exception {
    try (TestNode small = TestNode.start(Map.of("collector.queue-size", "1"))) {
      long now = System.currentTimeMillis() * 1_000_000L;
      String tid = "2af7651916cd43dd8448eb211c80319c";
      ExportTraceServiceRequest two = ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans("q-svc",
          span(tid, "20f067aa0ba902b7", "a", now - 1000, now), span(tid, "20f067aa0ba902b8", "b", now - 1000, now))).build();
      HttpResponse<String> r = small.post(small.otlpHttp, "/v1/traces", "application/x-protobuf", two.toByteArray());
      assertEquals(503, r.statusCode());
      assertEquals("1", r.headers().firstValue("retry-after").orElse(""));
      HttpResponse<String> z = small.post(small.zipkin, "/api/v2/spans", "application/json", ("[{\"traceId\":\"" + tid
          + "\",\"id\":\"20f067aa0ba902b9\",\"name\":\"x\",\"timestamp\":" + now / 1000 + ",\"duration\":5,"
          + "\"localEndpoint\":{\"serviceName\":\"z\"}},{\"traceId\":\"" + tid + "\",\"id\":\"20f067aa0ba902ba\","
          + "\"name\":\"y\",\"timestamp\":" + now / 1000 + ",\"duration\":5,\"localEndpoint\":{\"serviceName\":\"z\"}}]")
          .getBytes());
      assertEquals(503, z.statusCode(), z.body());
      assertTrue(z.body().contains("queue is full"), z.body());
      String metrics = small.get(small.admin, "/metrics").body();
      assertTrue(metrics.contains("weft_spans_dropped_total{reason=\"queue-full\"} 4.0"), metrics);
      // One span fits the queue and is accepted.
      ExportTraceServiceRequest one = ExportTraceServiceRequest.newBuilder()
          .addResourceSpans(resourceSpans("q-svc", span(tid, "20f067aa0ba902bb", "c", now - 1000, now))).build();
      assertEquals(200, small.post(small.otlpHttp, "/v1/traces", "application/x-protobuf", one.toByteArray()).statusCode());
    }
  }

  private static HttpResponse<byte[]> postProto(ExportTraceServiceRequest req) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + node.otlpHttp + "/v1/traces"))
        .header("content-type", "application/x-protobuf")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(req.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void assertBadRequest(HttpResponse<String> r) {
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("decode"), "message says what failed: " + r.body());
  }

  static ResourceSpans resourceSpans(String service, Span... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (Span s : spans) {
      scope.addSpans(s);
    }
    return ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
        .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service)))).addScopeSpans(scope).build();
  }

  static Span span(String traceId, String spanId, String name, long startNanos, long endNanos) {
    return Span.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId)))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanId))).setName(name)
        .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(endNanos).build();
  }
}
