package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.TraceId;
import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.testing.ChildProcess;
import io.weft.testing.OtlpJson;
import io.weft.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three traces reach Kafka a second and a half apart, with no ingester running. The replay
 * command ({@code weft ingester --from-time --to-time}, in a JVM of its own) stores the time
 * range around the middle one into Cassandra and exits; the query then finds that trace alone.
 */
class ReplayTest {

  @Test
  void replayCommandStoresTheTimeRangeAgain() throws Exception {
    KafkaTopic topic = KafkaTopic.fresh(3);
    CassandraTestNode cassandra = CassandraTestNode.shared();
    Map<String, String> replayOptions = cassandra.options(topic.options("ingester.storage.type", "cassandra"));
    long run = System.nanoTime();
    String early = OtlpJson.traceId(run, 1);
    String middle = OtlpJson.traceId(run, 2);
    String late = OtlpJson.traceId(run, 3);
    try (TestNode collector = TestNode.start(topic.intoCassandra("collector,query"))) {
      send(collector, early, 1);
      Thread.sleep(1500);
      Instant from = Instant.now();
      send(collector, middle, 2);
      Instant to = Instant.now().plusMillis(500);
      Thread.sleep(1500);
      send(collector, late, 3);
      assertEquals(0, spans(collector, middle), "nothing stored yet: no ingester runs");

      List<String> args = new ArrayList<>(List.of("ingester", "replay", "--from-time=" + from, "--to-time=" + to,
          "--group-id=replay-" + topic.name));
      replayOptions.forEach((k, v) -> args.add("--" + k + "=" + v));
      Path log = Files.createTempFile("weft-replay-", ".log");
      ChildProcess replay = ChildProcess.start("replay", ChildProcess.java(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
          "io.weft.cli.Main", args), log);
      int exit = replay.awaitExit(60);
      String out = replay.log();
      Files.delete(log);
      assertEquals(0, exit, out);
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
    return Wait.await(node.node.store().getTrace(TraceId.fromHex(traceId))).size();
  }
}
