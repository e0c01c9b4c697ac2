package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.WeftNode;
import io.weft.config.WeftConfig;
import io.weft.model.TraceId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three traces reach Kafka a second and a half apart; a replay of the time range around the middle
 * one stores that one alone into an empty store, under its own consumer group, and then finishes.
 */
class ReplayTest {

  @Test
  void replayStoresTheTimeRangeAgain() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    String topic = "weft-spans-" + UUID.randomUUID();
    Map<String, String> common = Map.of("kafka.brokers", kafka.bootstrap(), "kafka.topic", topic,
        "kafka.topic.partitions", "3");
    String early = OtlpJson.traceId(9, 1);
    String middle = OtlpJson.traceId(9, 2);
    String late = OtlpJson.traceId(9, 3);
    Instant from;
    Instant to;
    try (TestNode collector = TestNode.start(KafkaPipelineTest.with(common, "roles", "collector",
        "span-storage.type", "kafka"))) {
      send(collector, early, 1);
      Thread.sleep(1500);
      from = Instant.now();
      send(collector, middle, 2);
      to = Instant.now().plusMillis(500);
      Thread.sleep(1500);
      send(collector, late, 3);
    }

    WeftConfig config = WeftConfig.defaults().with(KafkaPipelineTest.with(common, "roles", "ingester",
        "admin.http.port", "" + TestNode.freePort(), "ingester.replay.from-time", from.toString(),
        "ingester.replay.to-time", to.toString(), "ingester.replay.group-id", "replay-" + topic));
    WeftNode replay = new WeftNode(config);
    try {
      replay.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      String summary = replay.ingester().replayDone().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertTrue(summary.startsWith("replayed 1 record(s) from 3 partition(s): 2 span(s) stored"), summary);
      assertEquals(2, spans(replay, middle));
      assertEquals(0, spans(replay, early));
      assertEquals(0, spans(replay, late));
    } finally {
      replay.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  private static void send(TestNode collector, String traceId, int n) throws Exception {
    assertEquals(200, collector.post(collector.otlpHttp, "/v1/traces", "application/json",
        OtlpJson.trace("replay-svc", traceId, n, 2)).statusCode());
  }

  private static int spans(WeftNode node, String traceId) {
    return node.store().getTrace(TraceId.fromHex(traceId)).toCompletionStage().toCompletableFuture().join().size();
  }
}
