package io.weft.sampling.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weft.it.TestNode;
import io.weft.testing.Http;
import io.weft.testing.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two services whose traffic differs 100x, each through a real SDK polling Weft's remote sampler
 * (OpenTelemetry's JaegerRemoteSampler over gRPC, jaeger-client's RemoteControlledSampler over HTTP),
 * both start at the initial probability (0.01) and converge on the target of sampled traces per
 * second per operation, within Jaeger's tolerance (30%), in a bounded number of (2 s) intervals; a
 * strategies file's entry for a service still wins.
 */
class AdaptiveSamplingTest {
  /** 40 sampled traces per 2 s interval: counting noise (16%) well inside the tolerance. */
  static final double TARGET = 20;
  static final double TOLERANCE = 0.3;
  static final long INTERVAL_MS = 2000;
  static final int MAX_INTERVALS = 30;

  static Map<String, String> adaptive() {
    return Map.of("sampling.adaptive.enabled", "true",
        "sampling.adaptive.target-samples-per-second", Double.toString(TARGET),
        "sampling.adaptive.calculation-interval", INTERVAL_MS + "ms",
        "sampling.adaptive.calculation-delay", "0s",
        // Jaeger's 0.001 would take the quiet service (0.05 sampled traces a second) a dozen rounds to be seen.
        "sampling.adaptive.initial-sampling-probability", "0.01",
        "sampling.adaptive.leader-lease-refresh-interval", "1s",
        "sampling.adaptive.follower-lease-refresh-interval", "3s");
  }

  @Test
  void servicesWhoseTrafficDiffers100xConvergeOnTheTarget(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("strategies.json");
    Files.writeString(file, "{\"service_strategies\": [{\"service\": \"pinned\", \"type\": \"probabilistic\", "
        + "\"param\": 0.7}]}");
    Map<String, String> options = new java.util.HashMap<>(adaptive());
    options.put("sampling.strategies-file", file.toString());
    try (TestNode node = TestNode.start(options);
        SdkService busy = SdkService.otel("busy", "GET /busy", 5000, node.samplingGrpc, node.otlpGrpc).start();
        SdkService quiet = SdkService.jaeger("quiet", "GET /quiet", 50, node.samplingHttp, node.jaegerHttp).start()) {
      Convergence c = new Convergence(List.of(busy, quiet), INTERVAL_MS, 5);
      c.sample();
      int intervals = c.await(TARGET, TOLERANCE, MAX_INTERVALS);
      assertTrue(intervals > 0, "both operations within " + TOLERANCE + " of " + TARGET + "/s in " + MAX_INTERVALS
          + " intervals");
      System.out.printf("converged after %d intervals of %d ms%n", intervals, INTERVAL_MS);

      String metrics = Http.get(node.admin, "/metrics").body();
      assertEquals(TARGET, Metrics.value(metrics, "weft_sampling_adaptive_target_samples_per_second"));
      double pBusy = Metrics.value(metrics, "weft_sampling_adaptive_probability", "service=\"busy\"");
      double pQuiet = Metrics.value(metrics, "weft_sampling_adaptive_probability", "service=\"quiet\"");
      double observedBusy = Metrics.value(metrics, "weft_sampling_adaptive_observed_samples_per_second",
          "service=\"busy\"");
      System.out.printf("busy p=%.5f observed %.2f/s; quiet p=%.5f; ratio %.1f%n", pBusy, observedBusy, pQuiet,
          pQuiet / pBusy);
      assertTrue(pQuiet / pBusy > 40 && pQuiet / pBusy < 250, "100x the traffic, about 1/100 the probability: "
          + pBusy + " vs " + pQuiet);
      assertTrue(observedBusy > 0, "observed rate per operation in /metrics");
      assertEquals(1, Metrics.value(metrics, "weft_sampling_adaptive_leader"));

      JsonObject served = new JsonObject(Http.get(node.samplingHttp, "/sampling?service=busy").body());
      JsonObject ops = served.getJsonObject("operationSampling");
      assertEquals(0.01, ops.getDouble("defaultSamplingProbability"));
      assertEquals(1.0 / 60, ops.getDouble("defaultLowerBoundTracesPerSecond"), 1e-12);
      assertEquals("GET /busy", ops.getJsonArray("perOperationStrategies").getJsonObject(0).getString("operation"));
      JsonObject pinned = new JsonObject(Http.get(node.samplingHttp, "/sampling?service=pinned").body());
      assertEquals(0.7, pinned.getJsonObject("probabilisticSampling").getDouble("samplingRate"),
          "the strategies file's own entry wins");
      assertEquals(null, pinned.getJsonObject("operationSampling"));
    }
  }
}
