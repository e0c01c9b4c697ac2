package io.weft.sampling.adaptive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weft.cluster.TestCluster;
import io.weft.testing.Http;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three clustered nodes (separate JVMs, in-memory storage: adaptive state in Hazelcast maps) each
 * count root spans; one leads. Two services polling two of the followers converge; then the leader is
 * SIGKILLed: another takes the lease within seconds, starts from the stored probabilities (the served
 * ones do not fall back to the initial probability), and the rates stay on target.
 */
class AdaptiveLeaderFailoverTest {
  static final double TARGET = AdaptiveSamplingTest.TARGET;
  static final long INTERVAL_MS = 2000;

  @Test
  void anotherNodeTakesOverAndProbabilitiesSurvive() throws Exception {
    Path dir = Files.createDirectories(Path.of(System.getProperty("weft.build.dir", "target"), "adaptive-failover",
        Long.toString(System.currentTimeMillis())));
    TestCluster cluster = new TestCluster(dir, 3);
    List<String> flags = new ArrayList<>();
    AdaptiveSamplingTest.adaptive().forEach((k, v) -> flags.add("--" + k + "=" + v));
    List<WeftProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) { // one at a time: Hazelcast forms faster from staggered joins
        nodes.add(cluster.start("node-" + i, i, "collector,agent", flags.toArray(String[]::new)));
      }
      WeftProcess leader = Wait.forValue("a leader", 30, () -> leaderOf(nodes));
      List<WeftProcess> followers = new ArrayList<>(nodes);
      followers.remove(leader);
      WeftProcess f0 = followers.get(0);
      WeftProcess f1 = followers.get(1);
      System.out.printf("leader %s; busy service on %s, quiet on %s%n", leader.name, f0.name, f1.name);
      try (SdkService busy = SdkService.otel("busy", "GET /busy", 5000, f0.samplingGrpc, f0.otlpGrpc).start();
          SdkService quiet = SdkService.jaeger("quiet", "GET /quiet", 50, f1.samplingHttp, f1.jaegerHttp).start()) {
        Convergence c = new Convergence(List.of(busy, quiet), INTERVAL_MS, 5);
        c.sample();
        assertTrue(c.await(TARGET, 0.3, 30) > 0, "converged before the kill");
        // What the leader calculated last (what the next leader starts from), read just before the kill.
        double busyBefore = calculated(leader, "busy");
        double quietBefore = calculated(leader, "quiet");

        long t0 = System.nanoTime();
        leader.kill();
        WeftProcess next = Wait.forValue("a new leader", 30, () -> leaderOf(followers));
        long takeoverMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("leader %s SIGKILLed; %s leads after %d ms%n", leader.name, next.name, takeoverMs);
        Wait.until("the new leader's first calculation", 30,
            () -> next.metric("weft_sampling_adaptive_calculations_total") >= 1);
        double busyAfter = calculated(next, "busy");
        double quietAfter = calculated(next, "quiet");
        System.out.printf("calculated busy %.5f -> %.5f, quiet %.5f -> %.5f%n", busyBefore, busyAfter, quietBefore,
            quietAfter);
        // A new leader starting from nothing would calculate from the initial probability (0.01). One that
        // continues moves one step from where the old one was: an increase at most doubles a probability, and
        // the interval the old leader died in is read with the next one rather than counted short (which
        // looked like no traffic, so a doubling). So within 4x of before, and never exactly the initial one.
        for (double[] p : new double[][] {{busyBefore, busyAfter}, {quietBefore, quietAfter}}) {
          assertTrue(Math.abs(p[1] - 0.01) > 1e-9 && p[1] > p[0] / 4 && p[1] < p[0] * 4,
              "calculated " + p[0] + " before the kill, " + p[1] + " after: continued, not reset");
        }
        Thread.sleep(INTERVAL_MS); // the followers re-read the new leader's result
        double busyServed = served(f0, "busy");
        double quietServed = served(f1, "quiet");
        assertTrue(Math.abs(busyServed - 0.01) > 1e-9 && Math.abs(quietServed - 0.01) > 1e-9,
            "followers serve busy " + busyServed + ", quiet " + quietServed + ": not reset");
        Convergence after = new Convergence(List.of(busy, quiet), INTERVAL_MS, 5);
        after.sample();
        assertTrue(after.await(TARGET, 0.3, 15) > 0, "still on target under the new leader");
      }
    } finally {
      nodes.forEach(WeftProcess::kill);
    }
  }

  static WeftProcess leaderOf(List<WeftProcess> nodes) {
    for (WeftProcess n : nodes) {
      try {
        if (n.isAlive() && n.metric("weft_sampling_adaptive_leader") == 1) {
          return n;
        }
      } catch (Exception notAnswering) {
        // a node starting or gone
      }
    }
    return null;
  }

  /** The probability a node last calculated or read for the service's one operation (its gauge). */
  static double calculated(WeftProcess n, String service) throws Exception {
    return n.metric("weft_sampling_adaptive_probability", "service=\"" + service + "\"");
  }

  /** The probability a node serves for the service's one operation. */
  static double served(WeftProcess n, String service) throws Exception {
    JsonObject s = new JsonObject(Http.get(n.samplingHttp, "/sampling?service=" + service).body());
    return s.getJsonObject("operationSampling").getJsonArray("perOperationStrategies").getJsonObject(0)
        .getJsonObject("probabilisticSampling").getDouble("samplingRate");
  }
}
