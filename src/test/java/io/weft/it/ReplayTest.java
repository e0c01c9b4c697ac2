package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.TraceId;
import io.weft.storage.cassandra.CassandraTestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three traces reach Kafka a second and a half apart, with no ingester running. The replay
 * command ({@code weft ingester --from-time --to-time}, in a JVM of its own) stores the time
 * range around the middle one into Cassandra and exits; the query then finds that trace alone.
 */
class ReplayTest {

  @Test
  void replayCommandStoresTheTimeRangeAgain() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    CassandraTestNode cassandra = CassandraTestNode.shared();
    String topic = "weft-spans-" + UUID.randomUUID();
    Map<String, String> common = Map.of("kafka.brokers", kafka.bootstrap(), "kafka.topic", topic,
        "kafka.topic.partitions", "3", "ingester.storage.type", "cassandra");
    long run = System.nanoTime();
    String early = OtlpJson.traceId(run, 1);
    String middle = OtlpJson.traceId(run, 2);
    String late = OtlpJson.traceId(run, 3);
    try (TestNode collector = TestNode.start(cassandra.options(KafkaPipelineTest.with(common, "roles", "collector,query",
        "span-storage.type", "kafka")))) {
      send(collector, early, 1);
      Thread.sleep(1500);
      Instant from = Instant.now();
      send(collector, middle, 2);
      Instant to = Instant.now().plusMillis(500);
      Thread.sleep(1500);
      send(collector, late, 3);
      assertEquals(0, spans(collector, middle), "nothing stored yet: no ingester runs");

      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", WeftProcess.classpath(), "io.weft.cli.Main", "ingester",
          "--from-time=" + from, "--to-time=" + to, "--group-id=replay-" + topic));
      cassandra.options(common).forEach((k, v) -> cmd.add("--" + k + "=" + v));
      Process replay = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(replay.waitFor(60, TimeUnit.SECONDS), "replay finished");
      assertEquals(0, replay.exitValue(), out);
      assertTrue(out.contains("replayed 1 record(s) from 3 partition(s): 2 span(s) stored, 0 dead-lettered, "
          + "2 outside the time range"), out);

      assertEquals(2, spans(collector, middle));
      assertEquals(0, spans(collector, early));
      assertEquals(0, spans(collector, late));
    }
  }

  private static void send(TestNode collector, String traceId, int n) throws Exception {
    assertEquals(200, collector.post(collector.otlpHttp, "/v1/traces", "application/json",
        OtlpJson.trace("replay-svc", traceId, n, 2)).statusCode());
  }

  private static int spans(TestNode node, String traceId) {
    return node.node.store().getTrace(TraceId.fromHex(traceId)).toCompletionStage().toCompletableFuture().join().size();
  }
}
