package io.weft.kafka;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Where Weft's Kafka is and how its clients are tuned; every Kafka client map is built here. */
public record KafkaSettings(String brokers, String topic, int partitions, short replicationFactor, long retentionMs,
    Map<String, String> clientProperties, String compression, long lingerMs, int batchBytes, long bufferBytes,
    long deliveryTimeoutMs, boolean recordPerPartition) {

  private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");
  /** Client ids name JMX beans; two clients of one kind in a JVM (tests, all-in-one) must differ. */
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  public static KafkaSettings from(WeftConfig c) {
    String compression = c.get(Options.KAFKA_COMPRESSION).trim().toLowerCase(Locale.ROOT);
    if (!COMPRESSIONS.contains(compression)) {
      throw new ConfigException("kafka.producer.compression must be one of " + COMPRESSIONS + ", got '" + compression + "'");
    }
    int partitions = c.getInt(Options.KAFKA_PARTITIONS);
    if (partitions < 1) {
      throw new ConfigException("kafka.topic.partitions must be at least 1");
    }
    long linger = c.getMicros(Options.KAFKA_LINGER) / 1000;
    long delivery = c.getMicros(Options.KAFKA_DELIVERY_TIMEOUT) / 1000;
    if (delivery < linger + 1000) {
      throw new ConfigException("kafka.producer.delivery-timeout must be at least 1s more than kafka.producer.linger");
    }
    String records = c.get(Options.KAFKA_RECORDS).trim().toLowerCase(Locale.ROOT);
    if (!records.equals("partition") && !records.equals("trace")) {
      throw new ConfigException("kafka.producer.records must be partition or trace, got '" + records + "'");
    }
    return new KafkaSettings(c.get(Options.KAFKA_BROKERS), c.get(Options.KAFKA_TOPIC), partitions,
        (short) c.getInt(Options.KAFKA_REPLICATION), c.getMicros(Options.KAFKA_RETENTION) / 1000,
        parseProperties(c.get(Options.KAFKA_CLIENT_PROPERTIES)), compression, linger, c.getInt(Options.KAFKA_BATCH_BYTES),
        c.getLong(Options.KAFKA_BUFFER_BYTES), delivery, records.equals("partition"));
  }

  /** {@code k=v,k=v} into a map; a value may not hold a comma. */
  static Map<String, String> parseProperties(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("kafka.client-properties: expected key=value, got '" + part.trim() + "'");
      }
      out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return Map.copyOf(out);
  }

  private Map<String, String> common(String clientId) {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", brokers);
    m.put("client.id", clientId + "-" + CLIENTS.incrementAndGet());
    m.putAll(clientProperties);
    return m;
  }

  public Map<String, String> admin() {
    Map<String, String> m = common("weft-admin");
    m.putIfAbsent("request.timeout.ms", "10000");
    m.putIfAbsent("default.api.timeout.ms", "15000");
    return m;
  }

  /**
   * Durable, ordered, deduplicated: acks=all with the idempotent producer, so a retried batch is
   * written once and in order. Sends never wait for buffer space: Weft refuses work past half of
   * buffer.memory itself ({@link KafkaSpanWriter}); max.block.ms only bounds a metadata fetch.
   * Every record ends within delivery.timeout.ms (request.timeout.ms fits inside it, as Kafka requires).
   */
  public Map<String, String> producer(String clientId) {
    Map<String, String> m = common(clientId);
    m.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    m.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    m.put("acks", "all");
    m.put("enable.idempotence", "true");
    m.put("max.in.flight.requests.per.connection", "5");
    m.put("compression.type", compression);
    m.put("linger.ms", Long.toString(lingerMs));
    m.put("batch.size", Integer.toString(batchBytes));
    m.put("buffer.memory", Long.toString(bufferBytes));
    m.put("delivery.timeout.ms", Long.toString(deliveryTimeoutMs));
    m.put("request.timeout.ms", Long.toString(deliveryTimeoutMs - lingerMs));
    m.put("max.block.ms", Long.toString(deliveryTimeoutMs));
    m.put("retry.backoff.ms", "100");
    m.put("reconnect.backoff.max.ms", "1000");
    m.putAll(clientProperties);
    return m;
  }

  /**
   * Manual commits only (the ingester commits after storage acknowledged); a new group starts at the
   * earliest record so nothing written before the first ingester started is skipped. The cooperative
   * assignor moves only the partitions that change owner when ingesters join or leave. A fetch waits
   * for 64 KiB (or 50 ms): under load each poll then brings hundreds of records, so the broker answers,
   * and the ingester stores and commits, far fewer and larger batches than one per few records.
   */
  public Map<String, String> consumer(String groupId, int maxPollRecords) {
    Map<String, String> m = common("weft-ingester");
    m.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    m.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    m.put("group.id", groupId);
    m.put("enable.auto.commit", "false");
    m.put("auto.offset.reset", "earliest");
    m.put("max.poll.records", Integer.toString(maxPollRecords));
    m.put("fetch.min.bytes", "65536");
    m.put("fetch.max.wait.ms", "50");
    m.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    m.put("session.timeout.ms", "10000");
    m.put("heartbeat.interval.ms", "1000");
    m.put("reconnect.backoff.max.ms", "1000");
    m.putAll(clientProperties);
    return m;
  }
}
