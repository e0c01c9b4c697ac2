package io.weft.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import io.weft.storage.TraceQuery;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchLimitsTest {
  static final long HOUR = 3_600_000_000L;
  static final long DAY = 24 * HOUR;
  static final long NOW = 1_700_000_000_000_000L;
  final SearchLimits limits = SearchLimits.defaults();

  @Test
  void defaultsAreSevenDaysAndTheJaegerUisLimit() {
    assertEquals(new SearchLimits(7 * DAY, 1500), limits);
    assertEquals(new SearchLimits(2 * HOUR, 50), SearchLimits.from(WeftConfig.defaults()
        .with(Map.of("query.max-search-window", "2h", "query.max-search-depth", "50"))));
    assertThrows(ConfigException.class, () -> SearchLimits.from(WeftConfig.defaults()
        .with(Map.of("query.max-search-window", "0"))));
  }

  @Test
  void withinTheLimitsPasses() {
    limits.check(TraceQuery.between(NOW - 7 * DAY, NOW, 1500));
    limits.check(TraceQuery.between(NOW - HOUR, NOW, 20).withOperation("GET /"));
    // A service's own index bounds its search: no window cap, no range needed.
    limits.check(new TraceQuery("api", null, null, 0, 0, 0, 0, 20));
    limits.check(TraceQuery.between(NOW - 400 * DAY, NOW, 20).withService("api"));
  }

  @Test
  void aSearchWithoutAServiceNeedsABoundedRange() {
    assertBad("a search without a service may cover at most 7d (query.max-search-window); this one covers 8d: "
        + "shorten the time range or choose a service", TraceQuery.between(NOW - 8 * DAY, NOW, 20));
    assertBad("a search without a service needs a time range (a start and an end) of at most 7d "
        + "(query.max-search-window); or choose a service", TraceQuery.between(0, NOW, 20));
    assertBad("a search without a service needs a time range (a start and an end) of at most 7d "
        + "(query.max-search-window); or choose a service", TraceQuery.between(NOW, 0, 20).withTags(Map.of("a", "b")));
    assertBad("a search without a service may cover at most 1h0m0s (query.max-search-window); this one covers 1h0m0.000001s: "
        + "shorten the time range or choose a service",
        new SearchLimits(HOUR, 10), TraceQuery.between(NOW - HOUR - 1, NOW, 10));
    assertBad("a search without a service may cover at most 7d (query.max-search-window); this one covers "
        + "2562047788h0m54.775807s: shorten the time range or choose a service",
        TraceQuery.between(Long.MIN_VALUE + 1, Long.MAX_VALUE, 20));
  }

  @Test
  void depthAndOrderAreCheckedForEverySearch() {
    assertBad("limit 1501 is more than this node's search depth of 1500 traces (query.max-search-depth)",
        TraceQuery.between(NOW - HOUR, NOW, 1501).withService("api"));
    assertBad("the search's start time (200) is after its end time (100)", TraceQuery.between(200, 100, 20));
  }

  @Test
  void aSearchCostsItsLimitTimesItsHours() {
    SearchLimits l = new SearchLimits(7 * DAY, 1500, 1000, SearchLimits.Refusals.NONE);
    l.check(TraceQuery.between(NOW - 10 * HOUR, NOW, 100).withService("api"));
    l.check(TraceQuery.between(NOW - 1, NOW, 1000).withService("api")); // a moment counts as an hour
    assertBad("this search asks for 101 traces over 10 hours (cost 1010), more than query.max-search-cost "
        + "(1000 traces × hours): lower the limit or shorten the time range", l,
        TraceQuery.between(NOW - 10 * HOUR, NOW, 101).withService("api"));
    assertBad("this search asks for 20 traces over 168 hours (cost 3360), more than query.max-search-cost "
        + "(1000 traces × hours): lower the limit or shorten the time range", l,
        new TraceQuery("api", null, null, 0, 0, 0, 0, 20)); // no range: the widest window
    java.util.List<String> refused = new java.util.ArrayList<>();
    SearchLimits counted = new SearchLimits(HOUR, 10, 100, refused::add);
    assertThrows(BadRequestException.class, () -> counted.check(TraceQuery.between(NOW - HOUR, NOW, 11)));
    assertThrows(BadRequestException.class, () -> counted.check(TraceQuery.between(NOW - 2 * HOUR, NOW, 10)));
    assertThrows(BadRequestException.class, () -> counted.check(TraceQuery.between(NOW - 20 * HOUR, NOW, 10)
        .withService("api")));
    assertEquals(java.util.List.of("depth", "window", "cost"), refused);
    assertEquals(counted, new SearchLimits(HOUR, 10, 100, SearchLimits.Refusals.NONE), "where refusals go is no limit");
  }

  private void assertBad(String message, TraceQuery q) {
    assertBad(message, limits, q);
  }

  private static void assertBad(String message, SearchLimits l, TraceQuery q) {
    assertEquals(message, assertThrows(BadRequestException.class, () -> l.check(q)).getMessage());
  }
}
