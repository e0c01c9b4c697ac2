package io.weft.query.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.weft.it.TestNode;
import io.weft.model.TraceId;
import io.weft.proto.jaeger.api_v3.FindTraceSummariesRequest;
import io.weft.proto.jaeger.api_v3.FindTracesRequest;
import io.weft.proto.jaeger.api_v3.GetDependenciesRequest;
import io.weft.proto.jaeger.api_v3.GetOperationsRequest;
import io.weft.proto.jaeger.api_v3.GetServicesRequest;
import io.weft.proto.jaeger.api_v3.GetTraceRequest;
import io.weft.proto.jaeger.api_v3.QueryServiceGrpcClient;
import io.weft.proto.jaeger.api_v3.TraceQueryParameters;
import io.weft.proto.jaeger.api_v3.TraceSummary;
import io.weft.testing.Wait;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jaeger.api_v3.QueryService on a real node's gRPC port, called with the Vert.x gRPC client generated from
 * Weft's protos (default client options: 256 KiB messages at most), over the traces of {@link TracesOnANode}.
 */
class ApiV3GrpcTest {
  static final long NOW_NS = TracesOnANode.NOW_NS;
  static final long T0 = TracesOnANode.T0;
  static final int LARGE = TracesOnANode.LARGE;

  static TestNode node;
  static Vertx vertx;
  /** The event loop the test's streaming calls run on. */
  static io.vertx.core.Context loop;
  static GrpcClient grpc;
  static SocketAddress address;
  static QueryServiceGrpcClient v3;
  static String traceHex;
  static String chargeSpanHex;
  static final TraceId largeTrace = TracesOnANode.LARGE_TRACE;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    grpc = GrpcClient.client(vertx);
    address = SocketAddress.inetSocketAddress(node.queryGrpc, "127.0.0.1");
    v3 = QueryServiceGrpcClient.create(grpc, address);
    TracesOnANode traces = TracesOnANode.send(node);
    traceHex = traces.traceHex;
    chargeSpanHex = traces.chargeSpanHex;
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (node != null) {
      node.close();
    }
  }

  /**
   * Every message of a server stream. The call is made, and its stream's handlers set, on one event
   * loop: handlers set from the test's thread while the loop delivers messages can miss the end.
   */
  static <T> List<T> all(java.util.function.Supplier<io.vertx.core.Future<ReadStream<T>>> call) throws Exception {
    io.vertx.core.Promise<List<T>> collected = io.vertx.core.Promise.promise();
    loop.runOnContext(v -> call.get().compose(s -> s.collect(Collectors.<T>toList())).onComplete(collected));
    return Wait.await(collected.future());
  }

  static TraceQueryParameters.Builder window() {
    return TraceQueryParameters.newBuilder().setStartTimeMin(TracesOnANode.windowStart())
        .setStartTimeMax(TracesOnANode.windowEnd());
  }

  static List<io.opentelemetry.proto.trace.v1.Span> spansOf(List<TracesData> messages) {
    List<io.opentelemetry.proto.trace.v1.Span> out = new ArrayList<>();
    for (TracesData d : messages) {
      for (ResourceSpans rs : d.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          out.addAll(ss.getSpansList());
        }
      }
    }
    return out;
  }

  static String serviceOf(ResourceSpans rs) {
    return rs.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("service.name"))
        .map(a -> a.getValue().getStringValue()).findFirst().orElse("");
  }

  static KeyValue attribute(io.opentelemetry.proto.trace.v1.Span s, String key) {
    return s.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no attribute " + key + " in " + s.getAttributesList()));
  }

  @Test
  void servicesAndOperations() throws Exception {
    List<String> services = Wait.await(v3.getServices(GetServicesRequest.getDefaultInstance())).getServicesList();
    assertTrue(services.containsAll(List.of("checkout", "payments", "bulk")), services.toString());

    var ops = Wait.await(v3.getOperations(GetOperationsRequest.newBuilder().setService("checkout").build())).getOperationsList();
    assertTrue(ops.stream().anyMatch(o -> o.getName().equals("GET /cart") && o.getSpanKind().equals("server")), ops.toString());
    assertTrue(ops.stream().anyMatch(o -> o.getName().equals("charge") && o.getSpanKind().equals("client")), ops.toString());
    var clients = Wait.await(v3.getOperations(GetOperationsRequest.newBuilder().setService("checkout").setSpanKind("client")
        .build())).getOperationsList();
    assertEquals(List.of("charge"), clients.stream().map(o -> o.getName()).toList());
  }

  @Test
  void getTraceAnswersOtlpWithTypedAttributesEventsStatusAndParents() throws Exception {
    List<TracesData> messages = all(() -> v3.getTrace(GetTraceRequest.newBuilder().setTraceId(traceHex).build()));
    assertEquals(1, messages.size(), "a small trace is one message");
    Set<String> services = messages.get(0).getResourceSpansList().stream().map(ApiV3GrpcTest::serviceOf)
        .collect(Collectors.toSet());
    assertEquals(Set.of("checkout", "payments"), services);
    List<io.opentelemetry.proto.trace.v1.Span> spans = spansOf(messages);
    assertEquals(3, spans.size());
    for (var s : spans) {
      assertEquals(traceHex, HexFormat.of().formatHex(s.getTraceId().toByteArray()));
    }
    var root = spans.stream().filter(s -> s.getName().equals("GET /cart")).findFirst().orElseThrow();
    assertEquals(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER, root.getKind());
    assertEquals(T0, root.getStartTimeUnixNano());
    assertEquals(T0 + 100_000_000, root.getEndTimeUnixNano());
    assertTrue(root.getParentSpanId().isEmpty());
    assertEquals(200L, attribute(root, "http.status_code").getValue().getIntValue());
    assertTrue(attribute(root, "cache.hit").getValue().getBoolValue());
    assertEquals(0.5, attribute(root, "ratio").getValue().getDoubleValue());
    assertEquals("GET", attribute(root, "http.method").getValue().getStringValue());
    assertEquals("cart loaded", root.getEvents(0).getName());
    assertEquals(3L, root.getEvents(0).getAttributes(0).getValue().getIntValue());

    var charge = spans.stream().filter(s -> s.getName().equals("charge")).findFirst().orElseThrow();
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, charge.getStatus().getCode());
    assertEquals("card declined", charge.getStatus().getMessage());
    assertEquals(root.getSpanId(), charge.getParentSpanId());
    var server = spans.stream().filter(s -> s.getName().equals("POST /charge")).findFirst().orElseThrow();
    assertEquals(chargeSpanHex, HexFormat.of().formatHex(server.getParentSpanId().toByteArray()));

    // The same trace by its id in base64, and raw (as stored).
    String base64 = java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(traceHex));
    assertEquals(3, spansOf(all(() -> v3.getTrace(GetTraceRequest.newBuilder().setTraceId(base64).setRawTraces(true).build())))
        .size());
  }

  @Test
  void aLargeTraceStreamsInSeveralChunksThatReassembleWhole() throws Exception {
    List<TracesData> messages = all(() -> v3.getTrace(GetTraceRequest.newBuilder().setTraceId(largeTrace.toHex()).build()));
    assertTrue(messages.size() >= 5, "several messages: " + messages.size());
    Set<Long> ids = new HashSet<>();
    for (var s : spansOf(messages)) {
      assertEquals(largeTrace, TraceId.fromBytes(s.getTraceId().toByteArray()));
      assertTrue(ids.add(io.weft.model.Ids.readLong(s.getSpanId().toByteArray(), 0)), "each span once");
    }
    Set<Long> expected = new HashSet<>();
    for (long i = 1; i <= LARGE; i++) {
      expected.add(i);
    }
    assertEquals(expected, ids);
    for (TracesData m : messages) {
      assertTrue(m.getSerializedSize() <= SpanChunks.MAX_BYTES, m.getSerializedSize() + " bytes");
    }
  }

  @Test
  void findTracesAndSummaries() throws Exception {
    List<TracesData> found = all(() -> v3.findTraces(FindTracesRequest.newBuilder().setQuery(window()
        .setServiceName("checkout").setOperationName("charge").putAttributes("otel.status_code", "ERROR")).build()));
    assertEquals(3, spansOf(found).size(), "the SDK trace, whole");

    List<TracesData> bulk = all(() -> v3.findTraces(FindTracesRequest.newBuilder().setQuery(window().setServiceName("bulk")
        .setRawTraces(true)).build()));
    assertEquals(LARGE, spansOf(bulk).size());
    assertTrue(bulk.size() >= 5, "a large trace is chunked in a search too");

    List<TracesData> none = all(() -> v3.findTraces(FindTracesRequest.newBuilder().setQuery(window().setServiceName("checkout")
        .putAttributes("no.such", "tag")).build()));
    assertTrue(none.isEmpty());

    var chunks = all(() -> v3.findTraceSummaries(FindTraceSummariesRequest.newBuilder().setQuery(window()
        .setServiceName("payments")).build()));
    List<TraceSummary> summaries = chunks.stream().flatMap(c -> c.getSummariesList().stream()).toList();
    assertEquals(1, summaries.size());
    TraceSummary s = summaries.get(0);
    assertEquals(traceHex, s.getTraceId());
    assertEquals("checkout", s.getRootServiceName());
    assertEquals("GET /cart", s.getRootOperationName());
    assertEquals(T0, s.getMinStartTimeUnixNano());
    assertEquals(T0 + 100_000_000, s.getMaxEndTimeUnixNano());
    assertEquals(3, s.getSpanCount());
    assertEquals(1, s.getErrorSpanCount());
    assertEquals(0, s.getOrphanSpanCount());
    assertEquals(List.of("checkout", "payments"), s.getServicesList().stream().map(x -> x.getName()).toList());
    assertEquals(2, s.getServices(0).getSpanCount());
    assertEquals(1, s.getServices(0).getErrorSpanCount());
  }

  @Test
  void dependencies() throws Exception {
    var deps = Wait.await(v3.getDependencies(GetDependenciesRequest.newBuilder().setStartTime(TracesOnANode.windowStart())
        .setEndTime(TracesOnANode.windowEnd()).build())).getDependenciesList();
    assertTrue(deps.stream().anyMatch(d -> d.getParent().equals("checkout") && d.getChild().equals("payments")
        && d.getCallCount() == 1), deps.toString());
  }

  @Test
  void badInputGetsAStatusWithAMessageAndTheNodeCarriesOn() throws Exception {
    var malformed = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.GetTrace,
        GetTraceRequest.newBuilder().setTraceId("not-a-trace-id").build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, malformed.status());
    assertTrue(malformed.message().contains("malformed trace_id"), malformed.message());

    var unknown = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.GetTrace,
        GetTraceRequest.newBuilder().setTraceId("00000000000000000000000000abcdef").build());
    assertEquals(GrpcStatus.NOT_FOUND, unknown.status());
    assertEquals("trace not found", unknown.message());

    var noTimes = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.FindTraces, FindTracesRequest.newBuilder()
        .setQuery(TraceQueryParameters.newBuilder().setServiceName("checkout")).build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, noTimes.status());
    assertEquals("start time min and max are required parameters", noTimes.message());

    var noQuery = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.FindTraceSummaries,
        FindTraceSummariesRequest.getDefaultInstance());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, noQuery.status());
    assertEquals("missing query", noQuery.message());

    var badDuration = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.FindTraces, FindTracesRequest.newBuilder()
        .setQuery(window().setServiceName("checkout").setDurationMin(com.google.protobuf.Duration.newBuilder()
            .setSeconds(-3))).build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, badDuration.status());
    assertTrue(badDuration.message().contains("duration_min"), badDuration.message());

    // Jaeger's experimental structured filter (field 10) is refused, never silently dropped.
    TraceQueryParameters withFilter = window().setServiceName("checkout").setUnknownFields(UnknownFieldSet.newBuilder()
        .addField(10, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("x")).build())
        .build()).build();
    var filtered = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.FindTraces,
        FindTracesRequest.newBuilder().setQuery(withFilter).build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, filtered.status());
    assertTrue(filtered.message().contains("filter"), filtered.message());

    var noEnd = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.GetDependencies,
        GetDependenciesRequest.newBuilder().setStartTime(TracesOnANode.ts(NOW_NS)).build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, noEnd.status());
    assertEquals("end_time is required", noEnd.message());

    // Bytes that are no protobuf message at all.
    ServiceMethod<Buffer, Buffer> raw = ServiceMethod.client(ServiceName.create("jaeger.api_v3.QueryService"), "GetTrace",
        GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
    var garbage = GrpcProbe.call(grpc, address, raw, Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}));
    assertEquals(GrpcStatus.INVALID_ARGUMENT, garbage.status());
    assertTrue(garbage.message().startsWith("cannot decode jaeger.api_v3.QueryService/GetTrace request"),
        garbage.message());

    assertFalse(Wait.await(v3.getServices(GetServicesRequest.getDefaultInstance())).getServicesList().isEmpty(),
        "the node still answers");
    var counted = node.metric("weft_query_grpc_requests_total{api=\"v3\",method=\"GetTrace\",status=\"INVALID_ARGUMENT\"}");
    assertTrue(counted >= 2, "bad calls counted: " + counted);
  }

  @Test
  void aClientThatCancelsMidStreamLeavesTheNodeWell() throws Exception {
    var first = Wait.await(grpc.request(address, QueryServiceGrpcClient.GetTrace).compose(req -> req
        .end(GetTraceRequest.newBuilder().setTraceId(largeTrace.toHex()).build())
        .compose(v -> req.response())
        .compose(resp -> {
          io.vertx.core.Promise<TracesData> one = io.vertx.core.Promise.promise();
          resp.handler(m -> {
            if (one.tryComplete(m)) {
              req.cancel();
            }
          });
          return one.future();
        })));
    assertFalse(spansOf(List.of(first)).isEmpty());
    assertEquals(LARGE, spansOf(all(() -> v3.getTrace(GetTraceRequest.newBuilder().setTraceId(largeTrace.toHex()).build())))
        .size(), "the next call gets the whole trace");
  }
}
