package io.weft;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import io.weft.role.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartChecksTest {
  private static WeftConfig config(String... flags) {
    return WeftConfig.load(List.of(flags), Map.of());
  }

  @Test
  void coldTierMustTakeTracesBeforeCassandraExpiresThem() {
    WeftConfig c = config("--cold.type=local", "--cold.after=2d", "--cassandra.ttl=2d");
    ConfigException e = assertThrows(ConfigException.class,
        () -> StartChecks.check(c, EnumSet.of(Role.COLLECTOR), "cassandra"));
    assertEquals("cold.after (2d) must be shorter than cassandra.ttl (2d): traces must reach the cold tier before "
        + "they expire from Cassandra", e.getMessage());
    assertDoesNotThrow(() -> StartChecks.check(c, EnumSet.of(Role.COLLECTOR), "memory"));
    assertDoesNotThrow(() -> StartChecks.check(config("--cold.type=local", "--cold.after=1h", "--cassandra.ttl=2d"),
        EnumSet.of(Role.COLLECTOR), "cassandra"));
  }

  @Test
  void aBadKafkaSettingStopsAnIngesterAtLaunch() {
    WeftConfig c = config("--kafka.producer.records=sometimes");
    assertThrows(ConfigException.class, () -> StartChecks.check(c, EnumSet.of(Role.INGESTER), "memory"));
    assertDoesNotThrow(() -> StartChecks.check(c, EnumSet.of(Role.QUERY), "memory"));
  }
}
