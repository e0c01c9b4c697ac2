package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two ingesters in JVMs of their own share the topic's partitions and write to Cassandra; one is
 * killed with SIGKILL mid-stream (no commit, no goodbye to the group). Once Kafka has moved its
 * partitions to the other, every span the collector acknowledged is in Cassandra, by span id.
 */
class IngesterFailoverTest {
  static final int PARTITIONS = 6;

  @Test
  void everyAcknowledgedSpanIsStoredAfterAnIngesterIsKilled() throws Exception {
    KafkaTopic topic = KafkaTopic.fresh(PARTITIONS);
    Map<String, String> ingester = topic.intoCassandra("ingester", "ingester.batch-records", "50");
    // The collector's node also reads Cassandra, for the check at the end.
    try (TestNode collector = TestNode.start(topic.intoCassandra("collector,query"));
        WeftProcess a = WeftProcess.start("ingester-a", ingester);
        WeftProcess b = WeftProcess.start("ingester-b", ingester);
        TraceSender sender = TraceSender.start(collector, "failover-svc", 4, 0);
        TraceSender sender2 = TraceSender.start(collector, "failover-svc-2", 4, 0)) {
      Wait.until("both ingesters storing", 60, () -> metric(a, "weft_ingester_spans_written_total") >= 200
          && metric(b, "weft_ingester_spans_written_total") >= 200);
      double partitionsOfB = metric(b, "weft_ingester_assigned_partitions");
      assertTrue(partitionsOfB > 0 && partitionsOfB < PARTITIONS, "the work is shared: B has " + partitionsOfB);
      // Mid-stream: A has a batch read and not yet acknowledged by Cassandra (so not committed).
      Wait.until("ingester A with a write in flight", 60, () -> metric(a, "weft_ingester_in_flight_batches") >= 1);
      double storedByA = metric(a, "weft_ingester_spans_written_total");
      int ackedAtKill = sender.acknowledged() + sender2.acknowledged();
      a.kill();
      System.out.printf("killed ingester A (pid %d) after %d acknowledged traces; it had stored %.0f spans%n",
          a.pid(), ackedAtKill, storedByA);
      Wait.until("ingester B owning all partitions", 60,
          () -> metric(b, "weft_ingester_assigned_partitions") == PARTITIONS);
      int ackedAtRebalance = sender.acknowledged();
      Wait.until("traces after the rebalance", 30, () -> sender.acknowledged() >= ackedAtRebalance + 50);
      sender.stop();
      sender2.stop();
      assertTrue(sender.errors().isEmpty() && sender2.errors().isEmpty(), () -> "senders: " + sender.errors()
          + sender2.errors());

      sender.awaitStored(collector.node.store(), 60);
      sender2.awaitStored(collector.node.store(), 60);
      int acked = sender.acknowledged() + sender2.acknowledged();
      System.out.printf("all %d acknowledged traces (%d spans) in Cassandra; %d after the kill%n", acked,
          acked * sender.spansPerTrace(), acked - ackedAtKill);
      Wait.until("B caught up", 30, () -> metric(b, "weft_ingester_lag_records") == 0);
    }
  }

  static double metric(WeftProcess p, String name) {
    try {
      return p.metric(name);
    } catch (Exception e) {
      return -1;
    }
  }
}
