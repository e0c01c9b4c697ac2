package io.weft.ingester;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.role.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The ingester role's settings; {@code replayFrom} set means a replay rather than live ingestion. */
public record IngesterSettings(String groupId, String deadLetterTopic, int batchRecords, int maxInFlightBatches,
    long retryBackoffMaxMs, Instant replayFrom, Instant replayTo, String replayGroupId) {

  public static IngesterSettings from(WeftConfig c) {
    int batch = c.getInt(Options.INGESTER_BATCH);
    int inFlight = c.getInt(Options.INGESTER_IN_FLIGHT);
    if (batch < 1 || inFlight < 1) {
      throw new ConfigException("ingester.batch-records and ingester.max-in-flight-batches must be at least 1");
    }
    Instant from = instant(c, Options.REPLAY_FROM);
    Instant to = instant(c, Options.REPLAY_TO);
    if (to != null && (from == null || !to.isAfter(from))) {
      throw new ConfigException("ingester.replay.to-time needs a from-time before it");
    }
    return new IngesterSettings(c.get(Options.INGESTER_GROUP), c.get(Options.INGESTER_DLQ), batch, inFlight,
        Math.max(100, c.getMicros(Options.INGESTER_BACKOFF) / 1000), from, to, c.get(Options.REPLAY_GROUP));
  }

  public boolean replay() {
    return replayFrom != null;
  }

  /**
   * The backend the ingester writes to and the query reads from: ingester.storage.type when set,
   * else span-storage.type unless that is kafka (then memory). A node whose collector writes straight
   * to one backend while its ingester or query uses another would split the data: refused.
   */
  public static String backendType(WeftConfig c, java.util.Set<Role> roles) {
    String collector = c.get(Options.STORAGE_TYPE).trim();
    String ingester = c.get(Options.INGESTER_STORAGE).trim();
    if (ingester.equals("kafka")) {
      throw new ConfigException("ingester.storage.type cannot be kafka: ingesters read from Kafka and write to storage");
    }
    if (ingester.isEmpty()) {
      return collector.equals("kafka") ? "memory" : collector;
    }
    if (roles.contains(Role.COLLECTOR) && !collector.equals("kafka") && !collector.equals(ingester)) {
      throw new ConfigException("span-storage.type " + collector + " and ingester.storage.type " + ingester
          + " disagree: set span-storage.type=kafka to put Kafka between collectors and ingesters");
    }
    return ingester;
  }

  /** Whether the collector writes to Kafka rather than to the backend. */
  public static boolean collectorWritesKafka(WeftConfig c) {
    return c.get(Options.STORAGE_TYPE).trim().equals("kafka");
  }

  private static Instant instant(WeftConfig c, io.weft.config.Option o) {
    String v = c.get(o).trim();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e2) {
        throw new ConfigException(o.name() + " must be an ISO-8601 time such as 2026-11-24T10:00:00Z, got '" + v + "'");
      }
    }
  }
}
