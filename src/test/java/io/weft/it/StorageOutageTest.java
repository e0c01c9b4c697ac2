package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cassandra is stopped for a while (30 s by default; -Dweft.test.storage-outage-seconds=10
 * shortens it) while a service keeps sending to a collector that writes to Kafka, and two
 * ingesters (JVMs of their own) share the topic:
 * <ul>
 *   <li>the collector keeps acknowledging: storage being down never pushes back on senders;
 *   <li>the ingesters pause their partitions, with a bounded number of batches in flight, retry
 *   with backoff, and show the backlog as lag;
 *   <li>ingester A is killed (SIGKILL) during the outage while holding batches it read but could
 *   not store: they were never committed, so B, which takes A's partitions, reads them again;
 *   <li>once Cassandra is back, B resumes by itself and every acknowledged span is stored.
 * </ul>
 */
class StorageOutageTest {
  static final int OUTAGE_SECONDS = Integer.getInteger("weft.test.storage-outage-seconds", 30);
  static final int PARTITIONS = 4;

  @Test
  void ingestionPausesWhileCassandraIsDownAndLosesNothing() throws Exception {
    KafkaTopic topic = KafkaTopic.fresh(PARTITIONS);
    CassandraTestNode cassandra = CassandraTestNode.shared();
    Map<String, String> ingester = topic.intoCassandra("ingester", "ingester.retry-backoff-max", "2s",
        "ingester.batch-records", "20");
    try (TestNode collector = TestNode.startWithin(topic.intoCassandra("collector,query"), 90);
        WeftProcess a = WeftProcess.start("ingester-a", ingester);
        WeftProcess b = WeftProcess.start("ingester-b", ingester);
        TraceSender sender = TraceSender.start(collector, "outage-svc", 5, 20)) {
      Wait.until("both ingesters storing before the outage", 60,
          () -> metric(a, "weft_ingester_spans_written_total") >= 50 && metric(b, "weft_ingester_spans_written_total") >= 50);

      cassandra.stop();
      long stoppedAt = System.nanoTime();
      int ackedAtStop = sender.acknowledged();
      Wait.until("both ingesters pausing their partitions", 60, () -> metric(a, "weft_ingester_paused_partitions") > 0
          && metric(b, "weft_ingester_paused_partitions") > 0);
      Wait.until("A holding batches it could not store", 30, () -> metric(a, "weft_ingester_in_flight_batches") >= 1);
      double maxInFlight = 0;
      while (System.nanoTime() - stoppedAt < OUTAGE_SECONDS * 1_000_000_000L / 2) {
        maxInFlight = Math.max(maxInFlight, Math.max(metric(a, "weft_ingester_in_flight_batches"),
            metric(b, "weft_ingester_in_flight_batches")));
        Thread.sleep(500);
      }
      assertTrue(maxInFlight <= 4, "in-flight batches bounded (ingester.max-in-flight-batches): " + maxInFlight);
      assertTrue(metric(a, "weft_ingester_write_failures_total") > 0, "failed writes counted");
      Wait.until("lag showing the backlog", 15, () -> metric(b, "weft_ingester_lag_records") > 0);
      double inFlightOfA = metric(a, "weft_ingester_in_flight_batches");
      a.kill();
      System.out.printf("killed ingester A during the outage with %.0f batch(es) read and not stored%n", inFlightOfA);
      Wait.until("B owning all partitions", 60, () -> metric(b, "weft_ingester_assigned_partitions") == PARTITIONS);
      while (System.nanoTime() - stoppedAt < OUTAGE_SECONDS * 1_000_000_000L) {
        Thread.sleep(500);
      }
      int ackedDuringOutage = sender.acknowledged() - ackedAtStop;
      assertTrue(ackedDuringOutage > 20, "the collector kept acknowledging while storage was down: " + ackedDuringOutage);
      assertTrue(metric(b, "weft_ingester_paused_partitions") > 0, "B still paused at the end of the outage");

      cassandra.start();
      long restartedAt = System.nanoTime();
      int ackedAtRestart = sender.acknowledged();
      Wait.until("traces after the outage", 30, () -> sender.acknowledged() >= ackedAtRestart + 20);
      sender.stop();
      assertTrue(sender.errors().isEmpty(), () -> "sender: " + sender.errors());
      assertEquals(0, sender.unavailable(), "the collector never refused: storage does not push back on senders");

      sender.awaitStored(collector.node.store(), 120);
      System.out.printf("Cassandra down %d s: %d traces acknowledged meanwhile; all %d (%d spans) stored %d ms after "
          + "it was back%n", OUTAGE_SECONDS, ackedDuringOutage, sender.acknowledged(),
          sender.acknowledged() * sender.spansPerTrace(), (System.nanoTime() - restartedAt) / 1_000_000);
      Wait.until("B resumed and caught up", 30, () -> metric(b, "weft_ingester_paused_partitions") == 0
          && metric(b, "weft_ingester_lag_records") == 0);
    }
  }

  private static double metric(WeftProcess p, String name) {
    return IngesterFailoverTest.metric(p, name);
  }
}
