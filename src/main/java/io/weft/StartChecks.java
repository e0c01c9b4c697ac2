package io.weft;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.ingester.IngesterSettings;
import io.weft.kafka.KafkaSettings;
import io.weft.role.Role;
import io.weft.spanmetrics.flush.SpanMetricsSettings;
import io.weft.storage.cold.ColdSettings;
import io.weft.tenant.TenancySettings;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings a node checks before anything runs, so a bad value or a contradiction between options
 * stops it at launch with a message naming the options, not later when a role first needs them.
 */
final class StartChecks {
  private StartChecks() {}

  static void check(WeftConfig config, Set<Role> roles, String backend) {
    if (ColdSettings.enabled(config)) {
      coldBeforeExpiry(config, backend);
    }
    if (roles.contains(Role.INGESTER)) {
      IngesterSettings.from(config);
    }
    boolean kafkaCollector = roles.contains(Role.COLLECTOR) && IngesterSettings.collectorWritesKafka(config);
    if (roles.contains(Role.INGESTER) || kafkaCollector) {
      KafkaSettings.from(config);
    }
    SpanMetricsSettings.from(config);
    TenancySettings.from(config);
  }

  /** Traces must reach the cold tier before they expire from the hot store, for every tenant's ttl too. */
  private static void coldBeforeExpiry(WeftConfig config, String backend) {
    ColdSettings cs = ColdSettings.from(config);
    if (backend.equals("cassandra") && cs.afterMicros() >= config.getMicros(Options.CASSANDRA_TTL)) {
      throw new ConfigException(Options.COLD_AFTER.name() + " (" + config.get(Options.COLD_AFTER)
          + ") must be shorter than " + Options.CASSANDRA_TTL.name() + " (" + config.get(Options.CASSANDRA_TTL)
          + "): traces must reach the cold tier before they expire from Cassandra");
    }
    TenancySettings tenancy = TenancySettings.from(config);
    for (String t : tenancy.enabled() ? new TreeSet<>(tenancy.allowed()) : Set.<String>of()) {
      long ttl = tenancy.limitsOf(t).ttlSeconds() * 1_000_000L;
      if (ttl > 0 && cs.afterMicros() >= ttl) {
        throw new ConfigException(Options.COLD_AFTER.name() + " (" + config.get(Options.COLD_AFTER)
            + ") must be shorter than tenant " + t + "'s ttl (" + Options.TENANCY_OVERRIDES.name()
            + "): its traces must reach the cold tier before they expire");
      }
    }
  }
}
