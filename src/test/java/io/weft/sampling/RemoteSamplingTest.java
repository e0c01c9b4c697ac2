package io.weft.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.samplers.HttpSamplingManager;
import io.jaegertracing.internal.samplers.RemoteControlledSampler;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.extension.trace.jaeger.sampler.JaegerRemoteSampler;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.vertx.core.json.JsonObject;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real SDK samplers poll a node for the strategy of service "shop" from a strategies file, apply its
 * per-operation rates, and pick up a change to the file: jaeger-client's RemoteControlledSampler over
 * HTTP (it calls {@code /?service=}) and OpenTelemetry's JaegerRemoteSampler over gRPC.
 */
class RemoteSamplingTest {
  /** A trace id whose random part is half of Long.MAX_VALUE: sampled by a rate above 0.5, not below. */
  static final String MID_TRACE = "00000000000000004000000000000000";

  static String strategies(double browse) {
    return """
        {"default_strategy": {"type": "probabilistic", "param": 0.5,
           "operation_strategies": [{"operation": "/health", "type": "probabilistic", "param": 0.0}]},
         "service_strategies": [
           {"service": "shop", "type": "probabilistic", "param": 0.8,
            "operation_strategies": [{"operation": "checkout", "type": "probabilistic", "param": 1.0},
                                     {"operation": "browse", "type": "probabilistic", "param": %s}]},
           {"service": "limited", "type": "ratelimiting", "param": 7}]}
        """.formatted(browse);
  }

  @Test
  void sdkSamplersFetchApplyAndFollowTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("strategies.json");
    Files.writeString(file, strategies(0.25));
    try (TestNode node = TestNode.start(Map.of("sampling.strategies-file", file.toString(),
        "sampling.strategies-reload-interval", "100ms"))) {
      checkHttpAnswers(node);

      RemoteControlledSampler jaeger = new RemoteControlledSampler.Builder("shop")
          .withSamplingManager(new HttpSamplingManager("127.0.0.1:" + node.samplingHttp))
          .withInitialSampler(new ConstSampler(false)).withPollingInterval(100).build();
      JaegerRemoteSampler otel = JaegerRemoteSampler.builder().setServiceName("shop")
          .setEndpoint("http://127.0.0.1:" + node.samplingGrpc).setPollingInterval(Duration.ofMillis(100))
          .setInitialSampler(Sampler.alwaysOff()).build();
      try {
        Wait.until("jaeger-client applies browse=0.25", 20, () -> jaegerRate(jaeger, "browse") == 0.25);
        assertEquals(1.0, jaegerRate(jaeger, "checkout"));
        assertEquals(0.8, jaegerRate(jaeger, "anything-else"), "the service's rate for unlisted operations");
        Wait.until("OpenTelemetry applies checkout=1.0", 20,
            () -> otel(otel, "checkout") == SamplingDecision.RECORD_AND_SAMPLE);
        assertEquals(SamplingDecision.DROP, otel(otel, "browse"), "0.25 is below the trace id's 0.5");
        assertEquals(SamplingDecision.DROP, otel(otel, "/health"), "inherited from the default strategy: 0.0");
        assertEquals(SamplingDecision.RECORD_AND_SAMPLE, otel(otel, "anything-else"), "0.8 is above 0.5");

        Files.writeString(file, strategies(0.75));
        Wait.until("jaeger-client picks up browse=0.75", 20, () -> jaegerRate(jaeger, "browse") == 0.75);
        Wait.until("OpenTelemetry picks up browse=0.75", 20,
            () -> otel(otel, "browse") == SamplingDecision.RECORD_AND_SAMPLE);
        assertTrue(node.metric("weft_sampling_requests_total{endpoint=\"grpc\",outcome=\"ok\"}") > 0);
        assertTrue(node.metric("weft_sampling_requests_total{endpoint=\"http-legacy\",outcome=\"ok\"}") > 0);
        assertTrue(node.metric("weft_sampling_strategies_reloads_total{outcome=\"ok\"}") >= 1);
      } finally {
        jaeger.close();
        otel.close();
      }
    }
  }

  @Test
  void withoutAFileEverythingIsSampled() throws Exception {
    try (TestNode node = TestNode.start()) {
      JsonObject j = new JsonObject(node.get(node.samplingHttp, "/sampling?service=any").body());
      assertEquals(new JsonObject("{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":1.0}}"), j);
    }
  }

  static void checkHttpAnswers(TestNode node) throws Exception {
    JsonObject shop = new JsonObject(node.get(node.samplingHttp, "/sampling?service=shop").body());
    assertEquals("PROBABILISTIC", shop.getString("strategyType"));
    assertEquals(0.8, shop.getJsonObject("probabilisticSampling").getDouble("samplingRate"));
    JsonObject ops = shop.getJsonObject("operationSampling");
    assertEquals(0.8, ops.getDouble("defaultSamplingProbability"));
    assertEquals(List.of("/health", "browse", "checkout"), ops.getJsonArray("perOperationStrategies").stream()
        .map(o -> ((JsonObject) o).getString("operation")).toList());
    JsonObject legacy = new JsonObject(node.get(node.samplingHttp, "/?service=shop").body());
    assertEquals(0, legacy.getInteger("strategyType"));
    JsonObject limited = new JsonObject(node.get(node.samplingHttp, "/sampling?service=limited").body());
    assertEquals("RATE_LIMITING", limited.getString("strategyType"));
    assertEquals(7, limited.getJsonObject("rateLimitingSampling").getInteger("maxTracesPerSecond"));
    assertEquals(400, node.get(node.samplingHttp, "/sampling").statusCode());
    assertEquals(400, node.get(node.samplingHttp, "/sampling?service=a&service=b").statusCode());
  }

  /** The rate jaeger-client applies to an operation (from the sampler tags of a trace it samples). */
  static double jaegerRate(RemoteControlledSampler s, String operation) {
    Object param = s.sample(operation, 1L).getTags().get("sampler.param");
    return param instanceof Number n ? n.doubleValue() : -1;
  }

  static SamplingDecision otel(Sampler s, String operation) {
    return s.shouldSample(Context.root(), MID_TRACE, operation, SpanKind.SERVER, Attributes.empty(), List.of())
        .getDecision();
  }
}
