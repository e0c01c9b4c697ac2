package io.weft.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.weft.model.TraceId;
import io.weft.storage.TraceQuery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSearchParserTest {
  static final long NOW = 1_700_000_000_000_000L;
  final TraceSearchParser parser = new TraceSearchParser(() -> NOW);

  static MultiMap params(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) {
      m.add(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void fullQuery() {
    TraceQuery q = parser.parse(params("service", "api", "operation", "GET /", "tag", "http.status_code:500",
        "tag", "url:http://x:80/", "tags", "{\"error\":\"true\",\"n\":3}", "start", "100", "end", "200",
        "minDuration", "1.2ms", "maxDuration", "1s", "limit", "20")).query();
    assertEquals(new TraceQuery("api", "GET /",
        Map.of("http.status_code", "500", "url", "http://x:80/", "error", "true", "n", "3"),
        100, 200, 1200, 1_000_000, 20), q);
  }

  @Test
  void defaultsLikeJaeger() {
    TraceQuery q = parser.parse(params("service", "api", "operation", "")).query();
    assertNull(q.operation());
    assertEquals(NOW, q.startTimeMaxMicros());
    assertEquals(NOW - 2L * 24 * 3600 * 1_000_000, q.startTimeMinMicros());
    assertEquals(100, q.limit());
    assertEquals(Map.of(), q.tags());
  }

  @Test
  void lookbackSetsTheStartWhenNoStartIsGiven() {
    assertEquals(NOW - 3_600_000_000L, parser.parse(params("service", "a", "lookback", "1h")).query().startTimeMinMicros());
    assertEquals(NOW - 2 * 86_400_000_000L, parser.parse(params("service", "a", "lookback", "2d")).query().startTimeMinMicros());
    assertEquals(5, parser.parse(params("service", "a", "lookback", "custom", "start", "5")).query().startTimeMinMicros());
  }

  @Test
  void serviceIsOptionalAsInJaegerV2() {
    TraceQuery q = parser.parse(params("operation", "GET /", "lookback", "1h")).query();
    assertNull(q.service());
    assertTrue(q.anyService());
    assertEquals("GET /", q.operation());
    assertEquals(NOW - 3_600_000_000L, q.startTimeMinMicros());
    assertEquals(NOW, q.startTimeMaxMicros());
    assertNull(parser.parse(params("service", "", "tag", "error:true")).query().service(), "empty means any");
    assertEquals(Map.of("error", "true"), parser.parse(params("tag", "error:true")).query().tags());
    assertEquals(TraceQuery.between(NOW - 2L * 24 * 3600 * 1_000_000, NOW, 100), parser.parse(params()).query(),
        "nothing at all: every trace of Jaeger's default lookback");
  }

  @Test
  void traceIdsNeedNoService() {
    TraceSearchParser.TraceSearch s = parser.parse(params("traceID", "abc", "traceID", "00000000000000010000000000000002"));
    assertNull(s.query());
    assertEquals(List.of(new TraceId(0, 0xabc), new TraceId(1, 2)), s.traceIds());
  }

  @Test
  void badParametersSayWhatIsWrong() {
    assertBad("malformed 'tag' parameter, expecting key:value, received: error", params("service", "a", "tag", "error"));
    assertBad("'maxDuration' should be greater than 'minDuration'",
        params("service", "a", "minDuration", "2s", "maxDuration", "1s"));
    assertBad("cannot parse minDuration: invalid duration \"fast\"", params("service", "a", "minDuration", "fast"));
    assertBad("cannot parse start: not an integer: \"yesterday\"", params("service", "a", "start", "yesterday"));
    assertBad("cannot parse limit: not an integer: \"x\"", params("service", "a", "limit", "x"));
    assertThrows(BadRequestException.class, () -> parser.parse(params("service", "a", "tags", "{nope")));
    assertThrows(BadRequestException.class, () -> parser.parse(params("service", "a", "tags", "[1]")));
    assertThrows(BadRequestException.class, () -> parser.parse(params("service", "a", "lookback", "soon")));
    assertThrows(BadRequestException.class, () -> parser.parse(params("traceID", "xyz")));
    assertThrows(BadRequestException.class, () -> parser.parse(params("traceID", "0")));
  }

  void assertBad(String msg, MultiMap p) {
    assertEquals(msg, assertThrows(BadRequestException.class, () -> parser.parse(p)).getMessage());
  }
}
