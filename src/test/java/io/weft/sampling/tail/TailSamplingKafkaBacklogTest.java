package io.weft.sampling.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.it.KafkaTopic;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * the read would decide slow traces without their root.
 */
class TailSamplingKafkaBacklogTest {
  static final int TRACES = 3000;
  static final int PARTITIONS = 3;

  @Test
  void aBacklogReadSlowlyIsDecidedInRecordTime() throws Exception {
    Path policy = Files.createTempFile("weft-tail-policy-", ".yaml");
    Files.writeString(policy, TailTraffic.policy("5s"));
    KafkaTopic topic = KafkaTopic.fresh(PARTITIONS);
    String clientId = "weft-backlog-" + UUID.randomUUID();
    try (TestNode collector = TestNode.forClass(topic.intoCassandra("collector,query"));
        TailTraffic traffic = new TailTraffic(collector.otlpGrpc, collector.otlpGrpc);
        Admin admin = Admin.create(Map.of("bootstrap.servers", topic.kafka.bootstrap()))) {
      Wait.await(collector.node.start(), 120); // a first Cassandra keyspace on a loaded machine: patience
      long startMicros = System.currentTimeMillis() * 1000;
      long t0 = System.nanoTime();
      traffic.send(TRACES, 2000, true); // the collector answers once Kafka has the spans
      long producedMs = (System.nanoTime() - t0) / 1_000_000;
      long bytes = topicBytes(admin, topic.name);
      // An eighth of the production rate (Kafka lets the first ~10 s of quota through at once).
      long rate = Math.max(1024, bytes * 1000 / producedMs / 8);
      System.out.printf("traces whose records were produced 5 s apart or more (decided without them): %d%n",
          spreadAtLeast(topic, 5000));
      admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
          new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
          List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", (double) rate))))).all().get();
      System.out.printf("%d traces in Kafka (%d bytes) in %d ms; the ingester may read %d bytes/s%n",
          traffic.traces(), bytes, producedMs, rate);

      long read0 = System.nanoTime();
      try (WeftProcess ingester = WeftProcess.start("ingester-backlog", topic.intoCassandra("ingester",
          "sampling.tail.policy-file", policy.toString(), "ingester.batch-records", "200",
          "kafka.client-properties", "client.id=" + clientId + ",max.partition.fetch.bytes=4096,fetch.max.bytes=4096"))) {
        Wait.until("the backlog read and every trace decided", 300,
            () -> TailSamplingKafkaTest.metric(ingester, "weft_tail_sampling_traces_total") >= TRACES
                && TailSamplingKafkaTest.metric(ingester, "weft_tail_sampling_buffered_traces") == 0
                && TailSamplingKafkaTest.metric(ingester, "weft_ingester_lag_records") == 0);
        double lateKept = ingester.metric("weft_tail_sampling_late_spans_total", "decision=\"sampled\"");
        double lateDropped = ingester.metric("weft_tail_sampling_late_spans_total", "decision=\"not_sampled\"");
        System.out.printf("backlog read and decided in %d ms; late spans %.0f kept + %.0f dropped, early decisions %.0f%n",
            (System.nanoTime() - read0) / 1_000_000, lateKept, lateDropped,
            TailSamplingKafkaTest.metric(ingester, "weft_tail_sampling_early_decisions_total"));
        System.out.printf("ingester: rebalances %.0f, records %.0f, commit failures %.0f%n",
            TailSamplingKafkaTest.metric(ingester, "weft_ingester_rebalances_total"),
            TailSamplingKafkaTest.metric(ingester, "weft_ingester_records_total"),
            TailSamplingKafkaTest.metric(ingester, "weft_ingester_commit_failures_total"));
        StoredTraces.check(traffic, TailSamplingKafkaTest.stored(collector, startMicros));
        assertEquals(0, lateKept + lateDropped, "spans read after their trace was decided");
      } finally {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
            new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
            List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", null))))).all().get();
      }
    }
  }

  /** How many traces' records (keyed by trace id) have timestamps at least {@code ms} apart. */
  static long spreadAtLeast(KafkaTopic topic, long ms) {
    Map<String, long[]> spans = new java.util.HashMap<>();
    try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers",
        topic.kafka.bootstrap(), "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer"))) {
      var tps = c.partitionsFor(topic.name).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<org.apache.kafka.common.TopicPartition, Long> ends = c.endOffsets(tps);
      Map<Integer, Long> newest = new java.util.HashMap<>();
      long disorder = 0;
      while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
        for (var r : c.poll(java.time.Duration.ofMillis(500))) {
          disorder = Math.max(disorder, newest.getOrDefault(r.partition(), r.timestamp()) - r.timestamp());
          newest.merge(r.partition(), r.timestamp(), Math::max);
          long[] t = spans.computeIfAbsent(java.util.HexFormat.of().formatHex(r.key()),
              k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
          t[0] = Math.min(t[0], r.timestamp());
          t[1] = Math.max(t[1], r.timestamp());
        }
      }
      System.out.printf("records behind their partition's newest timestamp by up to %d ms; traces spread >= 1 s: %d%n",
          disorder, spans.values().stream().filter(t -> t[1] - t[0] >= 1000).count());
    }
    return spans.values().stream().filter(t -> t[1] - t[0] >= ms).count();
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
