package io.weft.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeftConfigTest {

  @Test
  void defaultsApply() {
    WeftConfig c = WeftConfig.defaults();
    assertEquals(4317, c.getInt(Options.OTLP_GRPC_PORT));
    assertEquals(List.of("all"), c.getList(Options.ROLES));
    assertEquals(3_600_000_000L, c.getMicros(Options.MAX_FUTURE));
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("weft.yaml");
    Files.writeString(yaml, """
        collector:
          otlp:
            grpc:
              port: 1111
            http:
              port: 2222
        query.http.port: 3333
        """);
    WeftConfig c = WeftConfig.load(List.of("--config", yaml.toString(), "--collector.otlp.grpc.port=9999"),
        Map.of("WEFT_COLLECTOR_OTLP_HTTP_PORT", "8888"));
    assertEquals(9999, c.getInt(Options.OTLP_GRPC_PORT), "flag wins");
    assertEquals(8888, c.getInt(Options.OTLP_HTTP_PORT), "environment beats file");
    assertEquals(3333, c.getInt(Options.QUERY_PORT), "file beats default");
  }

  @Test
  void jsonFileAndListsWork(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("weft.json");
    Files.writeString(json, "{\"roles\": [\"collector\", \"query\"], \"memory\": {\"max-traces\": 5}}");
    WeftConfig c = WeftConfig.load(List.of("--config=" + json), Map.of());
    assertEquals(List.of("collector", "query"), c.getList(Options.ROLES));
    assertEquals(5, c.getInt(Options.MEMORY_MAX_TRACES));
  }

  @Test
  void unknownOptionsAndBadValuesAreErrors(@TempDir Path dir) throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> WeftConfig.load(List.of("--colector.queue-size=1"), Map.of()));
    assertTrue(e.getMessage().contains("colector.queue-size"), e.getMessage());
    Path yaml = dir.resolve("bad.yaml");
    Files.writeString(yaml, "nope: 1\n");
    assertThrows(ConfigException.class, () -> WeftConfig.load(List.of("--config", yaml.toString()), Map.of()));
    WeftConfig c = WeftConfig.load(List.of("--query.http.port=abc"), Map.of());
    assertThrows(ConfigException.class, () -> c.getInt(Options.QUERY_PORT));
    assertThrows(ConfigException.class, () -> WeftConfig.load(List.of("stray"), Map.of()));
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    String help = WeftConfig.help();
    for (Option o : Options.ALL) {
      assertTrue(help.contains("--" + o.name() + "="), o.name());
    }
    assertTrue(help.contains("--collector.otlp.grpc.port=4317"));
  }

  @Test
  void settingDurationsTakeDaysAndBareMicros() {
    assertEquals(172_800_000_000L, Durations.parseMicros("2d"));
    assertEquals(42, Durations.parseMicros("42"));
    assertEquals(5_400_000_000L, Durations.parseMicros("1h30m"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseMicros("1x"));
  }
}
