package io.weft.query.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.weft.codec.JaegerProtoEncoder;
import io.weft.it.TestNode;
import io.weft.model.TraceId;
import io.weft.proto.jaeger.api_v2.ArchiveTraceRequest;
import io.weft.proto.jaeger.api_v2.FindTracesRequest;
import io.weft.proto.jaeger.api_v2.GetDependenciesRequest;
import io.weft.proto.jaeger.api_v2.GetOperationsRequest;
import io.weft.proto.jaeger.api_v2.GetServicesRequest;
import io.weft.proto.jaeger.api_v2.GetTraceRequest;
import io.weft.proto.jaeger.api_v2.KeyValue;
import io.weft.proto.jaeger.api_v2.QueryServiceGrpcClient;
import io.weft.proto.jaeger.api_v2.Span;
import io.weft.proto.jaeger.api_v2.SpanRefType;
import io.weft.proto.jaeger.api_v2.SpansResponseChunk;
import io.weft.proto.jaeger.api_v2.TraceQueryParameters;
import io.weft.proto.jaeger.api_v2.ValueType;
import io.weft.testing.Wait;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jaeger.api_v2.QueryService on a real node's gRPC port, called with the Vert.x gRPC client generated from
 * Weft's protos, over the traces of {@link TracesOnANode}: spans in Jaeger's protobuf model, field by field.
 */
class ApiV2GrpcTest {
  static TestNode node;
  static Vertx vertx;
  /** The event loop the test's streaming calls run on. */
  static Context loop;
  static GrpcClient grpc;
  static SocketAddress address;
  static QueryServiceGrpcClient v2;
  static TracesOnANode traces;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    grpc = GrpcClient.client(vertx);
    address = SocketAddress.inetSocketAddress(node.queryGrpc, "127.0.0.1");
    v2 = QueryServiceGrpcClient.create(grpc, address);
    traces = TracesOnANode.send(node);
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

  static List<Span> spans(Supplier<Future<ReadStream<SpansResponseChunk>>> call) throws Exception {
    return chunks(call).stream().flatMap(c -> c.getSpansList().stream()).toList();
  }

  /**
   * Every chunk of a server stream. The call is made, and its stream's handlers set, on one event loop:
   * handlers set from the test's thread while the loop delivers chunks can miss the stream's end.
   */
  static List<SpansResponseChunk> chunks(Supplier<Future<ReadStream<SpansResponseChunk>>> call) throws Exception {
    Promise<List<SpansResponseChunk>> collected = Promise.promise();
    loop.runOnContext(v -> call.get().compose(s -> s.collect(Collectors.<SpansResponseChunk>toList()))
        .onComplete(collected));
    return Wait.await(collected.future());
  }

  static ByteString bytes(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  static KeyValue tag(List<KeyValue> tags, String key) {
    return tags.stream().filter(t -> t.getKey().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no tag " + key + " in " + tags));
  }

  @Test
  void servicesAndOperationsWithTheDeprecatedNames() throws Exception {
    assertTrue(Wait.await(v2.getServices(GetServicesRequest.getDefaultInstance())).getServicesList()
        .containsAll(List.of("checkout", "payments", "bulk")));
    var ops = Wait.await(v2.getOperations(GetOperationsRequest.newBuilder().setService("checkout").build()));
    assertEquals(Set.of("GET /cart", "charge"), Set.copyOf(ops.getOperationNamesList()));
    assertTrue(ops.getOperationsList().stream().anyMatch(o -> o.getName().equals("charge")
        && o.getSpanKind().equals("client")), ops.toString());
  }

  @Test
  void getTraceAnswersJaegerModelSpans() throws Exception {
    List<Span> spans = spans(() -> v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(traces.traceHex)).build()));
    assertEquals(3, spans.size());
    Span root = spans.stream().filter(s -> s.getOperationName().equals("GET /cart")).findFirst().orElseThrow();
    assertEquals(bytes(traces.traceHex), root.getTraceId(), "16 bytes");
    assertEquals(bytes(traces.rootSpanHex), root.getSpanId(), "8 bytes");
    assertEquals(JaegerProtoEncoder.timestamp(TracesOnANode.T0 / 1000), root.getStartTime());
    assertEquals(JaegerProtoEncoder.duration(100_000), root.getDuration());
    assertEquals("checkout", root.getProcess().getServiceName());
    assertEquals("", root.getProcessId());
    assertEquals(0, root.getReferencesCount());
    assertEquals(ValueType.INT64, tag(root.getTagsList(), "http.status_code").getVType());
    assertEquals(200L, tag(root.getTagsList(), "http.status_code").getVInt64());
    assertTrue(tag(root.getTagsList(), "cache.hit").getVBool());
    assertEquals(0.5, tag(root.getTagsList(), "ratio").getVFloat64());
    assertEquals("server", tag(root.getTagsList(), "span.kind").getVStr());
    assertEquals(1, root.getLogsCount());
    assertEquals("cart loaded", tag(root.getLogs(0).getFieldsList(), "event").getVStr());
    assertEquals(3L, tag(root.getLogs(0).getFieldsList(), "cart.size").getVInt64());

    Span charge = spans.stream().filter(s -> s.getOperationName().equals("charge")).findFirst().orElseThrow();
    assertEquals(SpanRefType.CHILD_OF, charge.getReferences(0).getRefType());
    assertEquals(bytes(traces.traceHex), charge.getReferences(0).getTraceId());
    assertEquals(bytes(traces.rootSpanHex), charge.getReferences(0).getSpanId());
    assertTrue(tag(charge.getTagsList(), "error").getVBool());
    assertEquals("card declined", tag(charge.getTagsList(), "otel.status_description").getVStr());
    Span server = spans.stream().filter(s -> s.getOperationName().equals("POST /charge")).findFirst().orElseThrow();
    assertEquals("payments", server.getProcess().getServiceName());
    assertEquals(bytes(traces.chargeSpanHex), server.getReferences(0).getSpanId());
  }

  @Test
  void aLargeTraceStreamsInSeveralChunksThatReassembleWhole() throws Exception {
    TraceId id = TracesOnANode.LARGE_TRACE;
    List<SpansResponseChunk> chunks = chunks(() -> v2.getTrace(GetTraceRequest.newBuilder()
        .setTraceId(JaegerProtoEncoder.traceId(id)).setRawTraces(true).build()));
    assertTrue(chunks.size() >= 5, "several chunks: " + chunks.size());
    Set<Long> ids = new HashSet<>();
    for (SpansResponseChunk c : chunks) {
      assertTrue(c.getSerializedSize() <= SpanChunks.MAX_BYTES, c.getSerializedSize() + " bytes");
      for (Span s : c.getSpansList()) {
        assertEquals(JaegerProtoEncoder.traceId(id), s.getTraceId());
        assertTrue(ids.add(io.weft.model.Ids.readLong(s.getSpanId().toByteArray(), 0)), "each span once");
      }
    }
    assertEquals(TracesOnANode.LARGE, ids.size());
    assertEquals(1L, ids.stream().mapToLong(Long::longValue).min().orElseThrow());
    assertEquals(TracesOnANode.LARGE, ids.stream().mapToLong(Long::longValue).max().orElseThrow());
  }

  @Test
  void findTracesByTagsAndDependencies() throws Exception {
    TraceQueryParameters.Builder q = TraceQueryParameters.newBuilder().setStartTimeMin(TracesOnANode.windowStart())
        .setStartTimeMax(TracesOnANode.windowEnd());
    List<Span> found = spans(() -> v2.findTraces(FindTracesRequest.newBuilder().setQuery(q.clone().setServiceName("checkout")
        .putTags("http.method", "GET").setSearchDepth(5)).build()));
    assertEquals(3, found.size());
    assertTrue(spans(() -> v2.findTraces(FindTracesRequest.newBuilder().setQuery(q.clone().setServiceName("checkout")
        .setDurationMin(com.google.protobuf.Duration.newBuilder().setSeconds(5))).build())).isEmpty(),
        "no span of checkout lasted 5 s");

    var deps = Wait.await(v2.getDependencies(GetDependenciesRequest.newBuilder().setStartTime(TracesOnANode.windowStart())
        .setEndTime(TracesOnANode.windowEnd()).build())).getDependenciesList();
    assertTrue(deps.stream().anyMatch(d -> d.getParent().equals("checkout") && d.getChild().equals("payments")
        && d.getCallCount() == 1), deps.toString());
  }

  @Test
  void badInputUnknownTracesAndArchiveGetAStatusWithAMessage() throws Exception {
    var empty = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.GetTrace, GetTraceRequest.getDefaultInstance());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, empty.status());
    assertEquals("uninitialized TraceID is not allowed", empty.message());

    var shortId = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.GetTrace,
        GetTraceRequest.newBuilder().setTraceId(ByteString.copyFrom(new byte[5])).build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, shortId.status());
    assertTrue(shortId.message().contains("invalid length for TraceID"), shortId.message());

    var unknown = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.GetTrace,
        GetTraceRequest.newBuilder().setTraceId(bytes("00000000000000000000000000abcdef")).build());
    assertEquals(GrpcStatus.NOT_FOUND, unknown.status());
    assertEquals("trace not found", unknown.message());

    var noQuery = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.FindTraces, FindTracesRequest.getDefaultInstance());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, noQuery.status());
    assertEquals("missing query", noQuery.message());

    var noTimes = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.FindTraces, FindTracesRequest.newBuilder()
        .setQuery(TraceQueryParameters.newBuilder().setServiceName("checkout")).build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, noTimes.status());
    assertEquals("start time min and max are required parameters", noTimes.message());

    var noStart = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.GetDependencies,
        GetDependenciesRequest.newBuilder().setEndTime(TracesOnANode.windowEnd()).build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, noStart.status());
    assertEquals("start_time is required", noStart.message());

    var archiveUnknown = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.ArchiveTrace,
        ArchiveTraceRequest.newBuilder().setTraceId(bytes("00000000000000000000000000abcdef")).build());
    assertEquals(GrpcStatus.NOT_FOUND, archiveUnknown.status());
    assertEquals("trace not found", archiveUnknown.message());
    var badArchive = GrpcProbe.call(grpc, address, QueryServiceGrpcClient.ArchiveTrace,
        ArchiveTraceRequest.newBuilder().setTraceId(ByteString.copyFrom(new byte[3])).build());
    assertEquals(GrpcStatus.INVALID_ARGUMENT, badArchive.status());

    assertEquals(3, spans(() -> v2.getTrace(GetTraceRequest.newBuilder().setTraceId(bytes(traces.traceHex)).build())).size(),
        "the node still answers");
  }
}
