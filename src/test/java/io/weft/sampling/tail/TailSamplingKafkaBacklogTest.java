package io.weft.sampling.tail;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.it.KafkaTopic;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;

/**
 * Tail sampling behind Kafka when the ingester reads slower than the traffic was produced: every trace
 * is already in Kafka when the only ingester starts (a pure backlog, as after a dead ingester's
 * takeover or under load), and the broker throttles its reads (a consumer byte-rate quota on its client
 * id) to a fraction of the production rate. A slow trace's root is exported 1.5 s after its children (it
 * ends then), so its record is many records further down the partition: read more than decision_wait
 * (5 s) of wall-clock time after the trace's first record, within it in record time. Deciding in record
 * time stores every error and slow trace whole and leaves no span late; deciding on the wall clock of
 * the read would decide slow traces without their root. Only records produced decision_wait or more after
 * their trace's first (a loaded machine's exporters lag) may be late, in any reader: the test counts them
 * from the topic and allows those alone.
 *
 * <p>The collector's producer batches stay small: a throttled fetch is answered empty, and a record batch
 * (sent whole, whatever {@code fetch.max.bytes}) larger than the quota lets through in its window would
 * never be read: the reader would starve, its traces rightly undecided.
 */
class TailSamplingKafkaBacklogTest {
  static final int TRACES = 3000;
  static final int PARTITIONS = 3;
  static final long DECISION_WAIT_MS = 5000;
  static final String KEYSPACE = "weft_tail_backlog";
  static final Path INGESTER_LOG = Path.of("target", "weft-backlog-ingester.log");

  @Test
  void aBacklogReadSlowlyIsDecidedInRecordTime() throws Exception {
    Path policy = Files.createTempFile("weft-tail-policy-", ".yaml");
    Files.writeString(policy, TailTraffic.policy(DECISION_WAIT_MS + "ms"));
    KafkaTopic topic = KafkaTopic.fresh(PARTITIONS);
    String clientId = "weft-backlog-" + UUID.randomUUID();
    // A keyspace of its own: the check reads every trace of two services.
    try (TestNode collector = TestNode.forClass(topic.intoCassandra("collector,query", "cassandra.keyspace", KEYSPACE,
            "kafka.producer.batch-bytes", "2048"));
        TailTraffic traffic = new TailTraffic(collector.otlpGrpc, collector.otlpGrpc);
        Admin admin = Admin.create(Map.of("bootstrap.servers", topic.kafka.bootstrap()))) {
      Wait.await(collector.node.start(), 120); // a first Cassandra keyspace on a loaded machine: patience
      long startMicros = System.currentTimeMillis() * 1000;
      long t0 = System.nanoTime();
      traffic.send(TRACES, 500, true); // the collector answers once Kafka has the spans
      long producedMs = (System.nanoTime() - t0) / 1_000_000;
      long bytes = topicBytes(admin, topic.name);
      // An eighth of the production rate (Kafka lets the first ~10 s of quota through at once).
      long rate = Math.max(1024, bytes * 1000 / producedMs / 8);
      TopicSpread spread = TopicSpread.read(topic, DECISION_WAIT_MS);
      admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
          new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
          List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", (double) rate))))).all().get();
      System.out.printf("%d traces in Kafka (%d bytes) in %d ms; the ingester may read %d bytes/s%n",
          traffic.traces(), bytes, producedMs, rate);

      long read0 = System.nanoTime();
      Map<String, String> options = topic.intoCassandra("ingester", "cassandra.keyspace", KEYSPACE,
          "sampling.tail.policy-file", policy.toString(), "ingester.batch-records", "200",
          "kafka.client-properties", "client.id=" + clientId + ",max.partition.fetch.bytes=4096,fetch.max.bytes=4096");
      List<String> args = new ArrayList<>();
      options.forEach((k, v) -> args.add("--" + k + "=" + v));
      try (WeftProcess ingester = WeftProcess.start("ingester-backlog", List.of("-Xmx384m", "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.log.io.weft.ingester.IngesterTail=debug"), args,
          INGESTER_LOG)) {
        try {
          Wait.until("the backlog read and every trace decided", 300,
              () -> TailSamplingKafkaTest.metric(ingester, "weft_tail_sampling_traces_total") >= TRACES
                  && TailSamplingKafkaTest.metric(ingester, "weft_tail_sampling_buffered_traces") == 0
                  && TailSamplingKafkaTest.metric(ingester, "weft_ingester_lag_records") == 0);
        } catch (AssertionError e) {
          String log = ingester.log();
          System.out.printf("ingester's metrics:%n%s%ningester's log (%s) ends:%n%s%n", ingester.adminGet("/metrics")
              .lines().filter(l -> l.startsWith("weft_ingester") || l.startsWith("weft_tail")).toList(), INGESTER_LOG,
              log.substring(Math.max(0, log.length() - 4000)));
          throw e;
        }
        double lateKept = ingester.metric("weft_tail_sampling_late_spans_total", "decision=\"sampled\"");
        double lateDropped = ingester.metric("weft_tail_sampling_late_spans_total", "decision=\"not_sampled\"");
        System.out.printf("backlog read and decided in %d ms; late spans %.0f kept + %.0f dropped (at most %d produced"
                + " decision_wait after their trace's first), early decisions %.0f%n",
            (System.nanoTime() - read0) / 1_000_000, lateKept, lateDropped, spread.lateSpans(),
            TailSamplingKafkaTest.metric(ingester, "weft_tail_sampling_early_decisions_total"));
        System.out.printf("ingester: rebalances %.0f, records %.0f, commit failures %.0f%n",
            TailSamplingKafkaTest.metric(ingester, "weft_ingester_rebalances_total"),
            TailSamplingKafkaTest.metric(ingester, "weft_ingester_records_total"),
            TailSamplingKafkaTest.metric(ingester, "weft_ingester_commit_failures_total"));
        Map<String, Integer> stored = TailSamplingKafkaTest.stored(collector, startMicros);
        Set<String> missing = new TreeSet<>(traffic.errors);
        missing.addAll(traffic.slow);
        missing.removeAll(stored.keySet());
        System.out.printf("error or slow traces not stored: %d (%d of them spread decision_wait or more)%n",
            missing.size(), missing.stream().filter(spread.traces()::contains).count());
        spread.leaveOut(traffic, stored);
        StoredTraces.check(traffic, stored);
        assertTrue(lateKept + lateDropped <= spread.lateSpans(), "spans read after their trace was decided: "
            + (lateKept + lateDropped) + ", of which only " + spread.lateSpans() + " were produced decision_wait late");
      } finally {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
            new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
            List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", null))))).all().get();
      }
    }
  }

  /** The topic's size on the broker (its only replica of each partition). */
  static long topicBytes(Admin admin, String topic) throws Exception {
    int broker = admin.describeCluster().nodes().get().iterator().next().id();
    long sum = 0;
    for (var dir : admin.describeLogDirs(List.of(broker)).allDescriptions().get().get(broker).values()) {
      for (var r : dir.replicaInfos().entrySet()) {
        if (r.getKey().topic().equals(topic)) {
          sum += r.getValue().size();
        }
      }
    }
    return sum;
  }
}
