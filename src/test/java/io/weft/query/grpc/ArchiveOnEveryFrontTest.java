package io.weft.query.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.weft.codec.OtlpEncoder;
import io.weft.it.TestNode;
import io.weft.model.TraceId;
import io.weft.proto.jaeger.api_v2.ArchiveTraceRequest;
import io.weft.testing.Http;
import io.weft.testing.Wait;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trace archived with api_v2's gRPC ArchiveTrace on a node whose store holds two traces: once newer
 * traces evicted it, every way to read a trace by id still finds it, from the archive: api_v2 and api_v3
 * GetTrace over gRPC, api_v3 over HTTP, and the classic {@code /api/traces/{id}}.
 */
class ArchiveOnEveryFrontTest {
  static final TraceId KEPT = new TraceId(0x0a0a0a0a0a0a0a0aL, 0x1b1b1b1b1b1b1b1bL);
  static TestNode node;
  static Vertx vertx;
  static GrpcClient grpc;
  static SocketAddress address;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("memory.max-traces", "2"));
    vertx = Vertx.vertx();
    grpc = GrpcClient.client(vertx);
    address = SocketAddress.inetSocketAddress(node.queryGrpc, "127.0.0.1");
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      Wait.await(vertx.close());
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anArchivedTraceIsReadByIdOnEveryFrontAfterTheStoreEvictedIt() throws Exception {
    post(KEPT, 5);
    Wait.forValue("the trace stored", 20, () -> node.traceWith(KEPT.toHex(), 5));
    var archived = GrpcProbe.call(grpc, address, io.weft.proto.jaeger.api_v2.QueryServiceGrpcClient.ArchiveTrace,
        ArchiveTraceRequest.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(KEPT.toHex()))).build());
    assertEquals(GrpcStatus.OK, archived.status(), archived.message());
    assertEquals(1, (int) node.metric("weft_archived_traces"));

    for (int i = 1; i <= 2; i++) {
      post(new TraceId(0, 0x100 + i), 1);
    }
    Wait.until("the archived trace evicted from the store", 20, () -> node.metric("weft_memory_evicted_traces") >= 1);
    assertTrue(Wait.await(node.node.store().getTrace(KEPT)).isEmpty(), "no longer in the store");

    var v2 = GrpcProbe.call(grpc, address, io.weft.proto.jaeger.api_v2.QueryServiceGrpcClient.GetTrace,
        io.weft.proto.jaeger.api_v2.GetTraceRequest.newBuilder()
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(KEPT.toHex()))).build());
    assertEquals(GrpcStatus.OK, v2.status(), v2.message());
    assertEquals(5, v2.messages().stream().mapToInt(c -> c.getSpansCount()).sum(), "api_v2 GetTrace");

    var v3 = GrpcProbe.call(grpc, address, io.weft.proto.jaeger.api_v3.QueryServiceGrpcClient.GetTrace,
        io.weft.proto.jaeger.api_v3.GetTraceRequest.newBuilder().setTraceId(KEPT.toHex()).build());
    assertEquals(GrpcStatus.OK, v3.status(), v3.message());
    assertEquals(5, v3.messages().stream().flatMap(t -> t.getResourceSpansList().stream())
        .flatMap(r -> r.getScopeSpansList().stream()).mapToInt(s -> s.getSpansCount()).sum(), "api_v3 GetTrace (gRPC)");

    HttpResponse<String> v3Http = Http.get(node.query, "/api/v3/traces/" + KEPT.toHex());
    assertEquals(200, v3Http.statusCode(), v3Http.body());
    assertEquals(5, new JsonObject(v3Http.body()).getJsonObject("result").getJsonArray("resourceSpans")
        .getJsonObject(0).getJsonArray("scopeSpans").getJsonObject(0).getJsonArray("spans").size(), "api_v3 over HTTP");

    assertEquals(5, node.traceWith(KEPT.toHex(), 5).getJsonArray("spans").size(), "classic /api/traces/{id}");
  }

  /** A trace of {@code spans} spans of one service, posted as OTLP/HTTP protobuf. */
  private static void post(TraceId id, int spans) throws Exception {
    HttpResponse<String> r = Http.post(node.otlpHttp, "/v1/traces", "application/x-protobuf",
        OtlpEncoder.encode(TracesOnANode.largeSpans(id, spans, System.currentTimeMillis() * 1000 - 10_000_000))
            .toByteArray());
    assertEquals(200, r.statusCode(), r.body());
  }
}
