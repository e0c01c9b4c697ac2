package io.weft.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.metrics.WeftMetrics;
import io.weft.sampling.SamplingStrategy.Operation;
import io.weft.sampling.SamplingStrategy.Operations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrategiesTest {
  static final String FILE = """
      {
        "default_strategy": {"type": "probabilistic", "param": 0.5,
          "operation_strategies": [{"operation": "/health", "type": "probabilistic", "param": 0.0},
                                   {"operation": "/metrics", "type": "probabilistic", "param": 0.0}]},
        "service_strategies": [
          {"service": "shop", "type": "probabilistic", "param": 0.8,
           "operation_strategies": [{"operation": "checkout", "type": "probabilistic", "param": 1.0},
                                    {"operation": "/health", "type": "probabilistic", "param": 0.1},
                                    {"operation": "browse", "type": "probabilistic", "param": 0.25},
                                    {"operation": "burst", "type": "ratelimiting", "param": 3}]},
          {"service": "plain", "type": "probabilistic", "param": 0.3},
          {"service": "limited", "type": "ratelimiting", "param": 7},
          {"service": "limited-ops", "type": "ratelimiting", "param": 2,
           "operation_strategies": [{"operation": "x", "type": "probabilistic", "param": 0.9}]}
        ]
      }
      """;

  static Strategies parse(String json) {
    return Strategies.parse(json.getBytes(StandardCharsets.UTF_8), 1.0);
  }

  @Test
  void serviceOperationsMergeWithTheDefaultsSortedAndTheServiceWins() {
    SamplingStrategy shop = parse(FILE).forService("shop");
    assertEquals(SamplingStrategy.Type.PROBABILISTIC, shop.type());
    assertEquals(0.8, shop.probability());
    assertEquals(new Operations(0.8, 0, 0, List.of(new Operation("/health", 0.1), new Operation("/metrics", 0.0),
        new Operation("browse", 0.25), new Operation("checkout", 1.0))), shop.operations(),
        "rate-limiting operation strategies are ignored, as in Jaeger");
  }

  @Test
  void probabilisticServiceWithoutOperationsInheritsTheDefaultsWithItsOwnRate() {
    SamplingStrategy plain = parse(FILE).forService("plain");
    assertEquals(0.3, plain.probability());
    assertEquals(0.3, plain.operations().defaultProbability());
    assertEquals(List.of(new Operation("/health", 0.0), new Operation("/metrics", 0.0)), plain.operations().perOperation());
  }

  @Test
  void rateLimitingServices() {
    SamplingStrategy limited = parse(FILE).forService("limited");
    assertEquals(SamplingStrategy.rateLimiting(7), limited, "no operations inherited by a rate-limited service");
    SamplingStrategy withOps = parse(FILE).forService("limited-ops");
    assertEquals(2, withOps.maxTracesPerSecond());
    assertEquals(1.0, withOps.operations().defaultProbability(), "sampling.default-probability as the ops default");
  }

  @Test
  void unknownServicesGetTheDefault() {
    SamplingStrategy other = parse(FILE).forService("nobody");
    assertEquals(0.5, other.probability());
    assertEquals(0.5, other.operations().defaultProbability());
    assertEquals(2, other.operations().perOperation().size());
    SamplingStrategy none = parse("{\"service_strategies\": []}").forService("x");
    assertEquals(SamplingStrategy.probabilistic(1.0), none);
    assertNull(Strategies.fixed(1.0).forService("x").operations());
  }

  @Test
  void malformedFilesAreRefusedWithTheReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{")).getMessage().contains("not JSON"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> parse("{\"default_strategy\": {\"type\": \"always\", \"param\": 1}}")).getMessage().contains("unknown type"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> parse("{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": 1.5}}")).getMessage()
        .contains("between 0 and 1"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> parse("{\"service_strategies\": [{\"type\": \"probabilistic\", \"param\": 1}]}")).getMessage()
        .contains("without \"service\""));
    assertThrows(IllegalArgumentException.class, () -> parse("[]"));
  }

  @Test
  void aRefusedFileNamesTheLine() {
    String file = """
        {
          "service_strategies": [
            {"service": "a", "type": "probabilistic", "param": 0.5},
            {"service": "b", "type": "probabilistic",
             "param": 2}
          ]
        }
        """;
    assertEquals("line 5: service_strategies[1].param: service b: a probabilistic param must be between 0 and 1, got 2.0",
        assertThrows(IllegalArgumentException.class, () -> parse(file)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("{\n\"default_strategy\": {,}}"))
        .getMessage().startsWith("line 2: not JSON"));
  }

  @Test
  void storeReloadsOnChangeAndKeepsTheLastGoodFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("strategies.json");
    Files.writeString(file, "{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": 0.2}}");
    WeftMetrics metrics = new WeftMetrics();
    StrategyStore store = new StrategyStore(file, 1.0, metrics);
    store.load();
    assertEquals(0.2, store.forService("a").probability());
    store.reloadIfChanged();
    assertEquals(0.2, store.forService("a").probability());

    Files.writeString(file, "{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": 0.4}}");
    touch(file, 1);
    store.reloadIfChanged();
    assertEquals(0.4, store.forService("a").probability());

    Files.writeString(file, "{\"default_strategy\": ");
    touch(file, 2);
    store.reloadIfChanged();
    assertEquals(0.4, store.forService("a").probability(), "a broken file is refused");
    assertTrue(metrics.scrape().contains("weft_sampling_strategies_reloads_total{outcome=\"failed\"} 1.0"),
        metrics.scrape());
    assertThrows(IllegalStateException.class, () -> new StrategyStore(file, 1.0, metrics).load(),
        "a broken file at start fails the node");
  }

  /** Moves the modification time on, as a later edit would (filesystem clocks may be coarse). */
  static void touch(Path file, int seconds) throws Exception {
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + seconds * 1000L));
  }
}
