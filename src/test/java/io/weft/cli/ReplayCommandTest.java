package io.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

  @Test
  void shortFlagsBecomeReplayOptionsOfAnIngesterOnlyNode() {
    WeftConfig c = ReplayCommand.config(List.of("--from-time=2026-11-24T10:00:00Z", "--to-time", "2026-11-24T11:00:00Z",
        "--group-id=again", "--kafka.brokers=k:9092", "--ingester.storage.type=memory"), Map.of());
    assertEquals("2026-11-24T10:00:00Z", c.get(Options.REPLAY_FROM));
    assertEquals("2026-11-24T11:00:00Z", c.get(Options.REPLAY_TO));
    assertEquals("again", c.get(Options.REPLAY_GROUP));
    assertEquals("ingester", c.get(Options.ROLES));
    assertEquals("0", c.get(Options.ADMIN_PORT));
    assertEquals("k:9092", c.get(Options.KAFKA_BROKERS));
  }

  @Test
  void fromTimeIsRequiredAndRolesAreNotTaken() {
    assertThrows(ConfigException.class, () -> ReplayCommand.config(List.of("--to-time=2026-11-24T11:00:00Z"), Map.of()));
    assertThrows(ConfigException.class, () -> ReplayCommand.config(List.of("--from-time=2026-11-24T10:00:00Z",
        "--roles=collector"), Map.of()));
  }
}
