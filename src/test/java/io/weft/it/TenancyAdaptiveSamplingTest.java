package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.extension.trace.jaeger.proto.api_v2.Sampling;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.weft.testing.Http;
import io.weft.testing.Metrics;
import io.weft.testing.Wait;
import io.weft.testing.ZipkinJson;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Adaptive sampling under tenancy: two tenants' service "shop" (the same name) send root spans at rates
 * 100x apart; throughput is counted per tenant, so the busy tenant's operation is given a lower
 * probability than the quiet one's, and the sampling endpoint (5778) serves each caller its tenant's
 * strategy: by the tenant header, else the agent's {@code agent.tenant}; a tenant not allowed is refused.
 */
class TenancyAdaptiveSamplingTest {
  @Test
  void eachTenantIsCountedAndServedItsOwnProbabilities() throws Exception {
    Map<String, String> o = new java.util.HashMap<>(Map.of("tenancy.enabled", "true",
        "tenancy.tenants", "team-a,team-b", "agent.tenant", "team-b",
        "sampling.adaptive.enabled", "true", "sampling.adaptive.target-samples-per-second", "20",
        "sampling.adaptive.calculation-interval", "2s", "sampling.adaptive.calculation-delay", "0s",
        "sampling.adaptive.initial-sampling-probability", "0.5"));
    o.put("sampling.adaptive.leader-lease-refresh-interval", "1s");
    try (TestNode node = TestNode.start(o)) {
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread sender = new Thread(() -> {
        while (sending.get()) {
          try {
            roots(node, "team-a", 200); // 1000 roots a second
            roots(node, "team-b", 2); // 10 a second
            Thread.sleep(200);
          } catch (Exception e) {
            return;
          }
        }
      });
      sender.start();
      try {
        double[] p = Wait.forValue("both tenants' shop calculated", 60, () -> {
          String m = Http.get(node.admin, "/metrics").body();
          double a = Metrics.value(m, "weft_sampling_adaptive_probability", "service=\"shop\",tenant=\"team-a\"");
          double b = Metrics.value(m, "weft_sampling_adaptive_probability", "service=\"shop\",tenant=\"team-b\"");
          return a > 0 && b > 0 && a < 0.5 && b > 0.5 ? new double[] {a, b} : null;
        });
        System.out.printf("shop GET: team-a (busy) p=%.5f, team-b (quiet) p=%.5f%n", p[0], p[1]);
        double servedA = served(TenantHttp.get("team-a", node.samplingHttp, "/sampling?service=shop"));
        double servedB = served(TenantHttp.get("team-b", node.samplingHttp, "/sampling?service=shop"));
        assertTrue(servedA < 0.5 && servedB > 0.5, "each tenant served its own: " + servedA + " vs " + servedB);
        // (A calculation every 2 s may move the figures between two reads: each is compared with 0.5, which the
        // busy tenant's stays below and the quiet one's above while both send.)
        assertTrue(served(Http.get(node.samplingHttp, "/sampling?service=shop")) > 0.5,
            "no header: the agent's tenant, team-b");
        HttpResponse<String> refused = TenantHttp.get("team-z", node.samplingHttp, "/sampling?service=shop");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(new JsonObject(refused.body()).getString("error").contains("team-z"), refused.body());
        // gRPC (OpenTelemetry's remote sampler): the tenant from the call's metadata, else the agent's.
        GrpcClient grpc = GrpcClient.client(node.node.vertx());
        try {
          assertTrue(grpcServed(grpc, node, "team-a") < 0.5, "team-a's over gRPC");
          assertTrue(grpcServed(grpc, node, "team-b") > 0.5, "team-b's over gRPC");
          assertTrue(grpcServed(grpc, node, null) > 0.5, "no metadata: the agent's tenant, team-b");
          GrpcStatus status = Wait.await(grpcCall(grpc, node, "team-z").compose(resp -> resp.end()
              .transform(ar -> Future.succeededFuture(resp.status()))));
          assertEquals(GrpcStatus.PERMISSION_DENIED, status);
        } finally {
          grpc.close();
        }
      } finally {
        sending.set(false);
        sender.join();
      }
    }
  }

  static final ServiceMethod<Sampling.SamplingStrategyResponse, Sampling.SamplingStrategyParameters> GET_STRATEGY =
      ServiceMethod.client(ServiceName.create("jaeger.api_v2.SamplingManager"), "GetSamplingStrategy",
          GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(Sampling.SamplingStrategyResponse.newBuilder()));

  static Future<io.vertx.grpc.client.GrpcClientResponse<Sampling.SamplingStrategyParameters,
      Sampling.SamplingStrategyResponse>> grpcCall(GrpcClient grpc, TestNode node, String tenant) {
    return grpc.request(SocketAddress.inetSocketAddress(node.samplingGrpc, "127.0.0.1"), GET_STRATEGY)
        .compose(req -> {
          if (tenant != null) {
            req.headers().set("x-tenant", tenant);
          }
          var response = req.response(); // handlers set when the headers come, not after the end is written
          req.end(Sampling.SamplingStrategyParameters.newBuilder().setServiceName("shop").build());
          return response;
        });
  }

  /** The probability served over gRPC for shop's GET to the caller of that tenant (null: no metadata). */
  static double grpcServed(GrpcClient grpc, TestNode node, String tenant) {
    Sampling.SamplingStrategyResponse r = Wait.await(grpcCall(grpc, node, tenant).compose(resp -> resp.last()));
    for (Sampling.OperationSamplingStrategy op : r.getOperationSampling().getPerOperationStrategiesList()) {
      if (op.getOperation().equals("GET")) {
        return op.getProbabilisticSampling().getSamplingRate();
      }
    }
    return r.getOperationSampling().getDefaultSamplingProbability();
  }

  /** The probability served for shop's GET (its per-operation strategy, else the default). */
  static double served(HttpResponse<String> r) {
    assertEquals(200, r.statusCode(), r.body());
    JsonObject ops = new JsonObject(r.body()).getJsonObject("operationSampling");
    var list = ops.getJsonArray("perOperationStrategies");
    for (int i = 0; i < list.size(); i++) {
      if (list.getJsonObject(i).getString("operation").equals("GET")) {
        return list.getJsonObject(i).getJsonObject("probabilisticSampling").getDouble("samplingRate");
      }
    }
    return ops.getDouble("defaultSamplingProbability");
  }

  static void roots(TestNode node, String tenant, int n) throws Exception {
    JsonObject[] spans = new JsonObject[n];
    for (int i = 0; i < n; i++) {
      spans[i] = ZipkinJson.span(ZipkinJson.newTraceId(), ZipkinJson.spanId(), null, "shop", "GET");
    }
    TenantHttp.post(tenant, node.zipkin, "/api/v2/spans", "application/json",
        ZipkinJson.json(spans).getBytes(StandardCharsets.UTF_8));
  }
}
