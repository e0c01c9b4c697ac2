package io.weft.it;

import io.weft.storage.cassandra.CassandraTestNode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A topic of its own on the shared broker for one pipeline test (tests isolate themselves by topic and
 * consumer group), and the options of the nodes around it.
 */
public final class KafkaTopic {
  public final KafkaBroker kafka;
  public final String name = "weft-spans-" + UUID.randomUUID();
  private final int partitions;

  private KafkaTopic(KafkaBroker kafka, int partitions) {
    this.kafka = kafka;
    this.partitions = partitions;
  }

  /** A new topic name with this many partitions (the first collector creates it). */
  public static KafkaTopic fresh(int partitions) throws Exception {
    return new KafkaTopic(KafkaBroker.shared(), partitions);
  }

  /** The ingesters' consumer group. */
  public String group() {
    return "g-" + name;
  }

  /** The broker, topic and partition count, plus {@code keyValues}. */
  public Map<String, String> options(String... keyValues) {
    Map<String, String> o = new HashMap<>(Map.of("kafka.brokers", kafka.bootstrap(), "kafka.topic", name,
        "kafka.topic.partitions", "" + partitions));
    return with(o, keyValues);
  }

  /**
   * A node running {@code roles} on this topic: a collector writes its spans to it, an ingester reads
   * it in {@link #group()}; plus {@code keyValues}.
   */
  public Map<String, String> node(String roles, String... keyValues) {
    Map<String, String> o = options("roles", roles);
    if (roles.contains("collector")) {
      o.put("span-storage.type", "kafka");
    }
    if (roles.contains("ingester")) {
      o.put("ingester.group-id", group());
    }
    return with(o, keyValues);
  }

  /**
   * {@link #node} with the ingester storing into the shared Cassandra node's test keyspace, which the
   * node's query (if any) reads.
   */
  public Map<String, String> intoCassandra(String roles, String... keyValues) {
    return CassandraTestNode.shared().options(with(node(roles, "ingester.storage.type", "cassandra"), keyValues));
  }

  private static Map<String, String> with(Map<String, String> o, String... keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      o.put(keyValues[i], keyValues[i + 1]);
    }
    return o;
  }
}
