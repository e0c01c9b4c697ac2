package io.weft.sampling.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.WeftNode;
import io.weft.config.WeftConfig;
import io.weft.it.TestNode;
import io.weft.testing.ChildProcess;
import io.weft.testing.OtlpJson;
import io.weft.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad policy and strategies files: refused at start naming the line and the reason; at a reload the
 * policies in force stay, and the refusal is logged and counted.
 */
class SamplingFilesTest {
  static final String BAD = """
      decision_wait: 300ms
      policies:
        - name: errors
          type: status_codes
      """;

  @Test
  void aBadPolicyFileStopsTheNodeInOneLineNamingTheLine(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, BAD);
    Path log = dir.resolve("weft.log");
    ChildProcess weft = ChildProcess.start("weft", ChildProcess.java(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
        "io.weft.cli.Main", List.of("--sampling.tail.policy-file=" + policy)), log);
    assertEquals(2, weft.awaitExit(60));
    List<String> lines = weft.log().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(List.of("weft: sampling.tail.policy-file: tail sampling policy file " + policy + " refused: line 4: "
        + "policies[0].type: unknown policy type 'status_codes' (use one of always_sample, status_code, latency, "
        + "string_attribute, numeric_attribute, boolean_attribute, span_count, probabilistic, rate_limiting, and, drop, "
        + "composite)"), lines);
  }

  @Test
  void aBadStrategiesFileFailsTheStartNamingTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("strategies.json");
    Files.writeString(file, "{\"default_strategy\":\n  {\"type\": \"probabilistic\", \"param\": \"half\"}}");
    WeftNode node = new WeftNode(WeftConfig.defaults().with(Map.of("sampling.strategies-file", file.toString(),
        "roles", "agent", "admin.http.port", "0", "sampling.http.port", "0", "sampling.grpc.port", "0",
        "agent.jaeger.compact.port", "0", "agent.jaeger.binary.port", "0")));
    Throwable err = node.start().toCompletionStage().toCompletableFuture().handle((n, e) -> e).join();
    assertTrue(err.getMessage().endsWith(file + ": line 2: default_strategy.param: default_strategy: \"param\" "
        + "must be a number"), err.getMessage());
  }

  @Test
  void aBadReloadKeepsThePoliciesInForce(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "decision_wait: 300ms\npolicies:\n  - {name: errors, type: status_code, "
        + "status_code: {status_codes: [ERROR]}}\n");
    try (TestNode node = TestNode.start(Map.of("sampling.tail.policy-file", policy.toString(),
        "sampling.tail.reload-interval", "100ms"))) {
      assertTrue(keptWithError(node, true) && !keptWithError(node, false), "errors only");

      Files.writeString(policy, BAD);
      Wait.until("the reload refused", 20,
          () -> node.metric("weft_sampling_tail_policy_reloads_total{outcome=\"failed\"}") == 1);
      assertTrue(keptWithError(node, true) && !keptWithError(node, false), "the policies in force stay");

      Files.writeString(policy, "decision_wait: 300ms\npolicies: [{name: all, type: always_sample}]\n");
      Wait.until("the good file taken", 20,
          () -> node.metric("weft_sampling_tail_policy_reloads_total{outcome=\"ok\"}") == 1);
      assertTrue(keptWithError(node, false), "the new policies apply");
    }
  }

  /** Sends a two-span trace (its root with an error or not) and says whether it was stored once decided. */
  static boolean keptWithError(TestNode node, boolean error) throws Exception {
    long n = ThreadLocalRandom.current().nextLong(1, 1L << 40); // span ids hold 48 bits of it
    String id = OtlpJson.traceId(n, n);
    String body = new String(OtlpJson.trace("files", id, n, 2), java.nio.charset.StandardCharsets.UTF_8);
    if (error) {
      body = body.replace("\"name\":\"op-0\"", "\"status\":{\"code\":2},\"name\":\"op-0\"");
    }
    double before = node.metric("weft_tail_sampling_traces_total");
    assertEquals(200, node.post(node.otlpHttp, "/v1/traces", "application/json", body.getBytes()).statusCode());
    Wait.until("the trace decided", 20, () -> node.metric("weft_tail_sampling_traces_total") > before);
    boolean stored = Wait.forValue("the trace read", 20, () -> {
      int status = node.get(node.query, "/api/traces/" + id).statusCode();
      return status == 200 ? Boolean.TRUE : status == 404 ? Boolean.FALSE : null;
    });
    assertFalse(stored && node.traceWith(id, 2) == null, "a kept trace is stored whole");
    return stored;
  }
}
