package io.weft.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.role.Role;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  private static WeftConfig config(String... kv) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return WeftConfig.defaults().with(m);
  }

  @Test
  void producerIsDurableAndBounded() {
    Map<String, String> p = KafkaSettings.from(config("kafka.brokers", "k1:9092,k2:9092",
        "kafka.producer.delivery-timeout", "4s", "kafka.producer.linger", "10ms")).producer("c");
    assertEquals("k1:9092,k2:9092", p.get("bootstrap.servers"));
    assertEquals("all", p.get("acks"));
    assertEquals("true", p.get("enable.idempotence"));
    assertEquals("lz4", p.get("compression.type"));
    assertEquals("4000", p.get("delivery.timeout.ms"));
    assertEquals("3990", p.get("request.timeout.ms"), "request timeout fits in the delivery timeout, as Kafka requires");
    assertEquals("10", p.get("linger.ms"));
  }

  @Test
  void consumerCommitsByHand() {
    Map<String, String> c = KafkaSettings.from(config()).consumer("grp", 123);
    assertEquals("false", c.get("enable.auto.commit"));
    assertEquals("grp", c.get("group.id"));
    assertEquals("123", c.get("max.poll.records"));
    assertEquals("earliest", c.get("auto.offset.reset"));
  }

  @Test
  void clientPropertiesReachEveryClient() {
    KafkaSettings s = KafkaSettings.from(config("kafka.client-properties", "security.protocol=SSL, ssl.truststore.location=/t.jks"));
    for (Map<String, String> m : new Map[] {s.admin(), s.producer("p"), s.consumer("g", 1)}) {
      assertEquals("SSL", m.get("security.protocol"));
      assertEquals("/t.jks", m.get("ssl.truststore.location"));
    }
    assertThrows(ConfigException.class, () -> KafkaSettings.from(config("kafka.client-properties", "nonsense")));
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(ConfigException.class, () -> KafkaSettings.from(config("kafka.producer.compression", "brotli")));
    assertThrows(ConfigException.class, () -> KafkaSettings.from(config("kafka.topic.partitions", "0")));
    assertThrows(ConfigException.class, () -> KafkaSettings.from(config("kafka.producer.delivery-timeout", "500ms")));
    assertEquals(48L * 3600 * 1000, KafkaSettings.from(config()).retentionMs());
    assertEquals(32, KafkaSettings.from(config()).partitions());
  }

  @Test
  void theBackendFollowsSpanStorageUnlessThatIsKafka() {
    Set<Role> all = Set.of(Role.COLLECTOR, Role.INGESTER, Role.QUERY);
    assertEquals("memory", IngesterSettings.backendType(config(), all));
    assertEquals("memory", IngesterSettings.backendType(config("span-storage.type", "kafka"), all));
    assertEquals("cassandra", IngesterSettings.backendType(config("span-storage.type", "kafka",
        "ingester.storage.type", "cassandra"), all));
    assertEquals("cassandra", IngesterSettings.backendType(config("span-storage.type", "cassandra"), all));
    assertEquals("cassandra", IngesterSettings.backendType(config("ingester.storage.type", "cassandra"),
        Set.of(Role.INGESTER, Role.QUERY)), "an ingester-only node needs no span-storage.type");
    assertTrue(IngesterSettings.collectorWritesKafka(config("span-storage.type", "kafka")));
    assertThrows(ConfigException.class, () -> IngesterSettings.backendType(config("ingester.storage.type", "kafka"), all));
    assertThrows(ConfigException.class, () -> IngesterSettings.backendType(config("span-storage.type", "memory",
        "ingester.storage.type", "cassandra"), all));
  }

  @Test
  void replayRangeIsParsedAndChecked() {
    IngesterSettings s = IngesterSettings.from(config("ingester.replay.from-time", "2026-11-24T10:00:00Z",
        "ingester.replay.to-time", "2026-11-24T12:00:00+01:00"));
    assertTrue(s.replay());
    assertEquals(java.time.Instant.parse("2026-11-24T11:00:00Z"), s.replayTo());
    assertThrows(ConfigException.class, () -> IngesterSettings.from(config("ingester.replay.from-time", "yesterday")));
    assertThrows(ConfigException.class, () -> IngesterSettings.from(config("ingester.replay.to-time", "2026-11-24T10:00:00Z")));
  }
}
