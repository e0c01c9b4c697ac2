package io.weft.query.apiv3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.query.BadRequestException;
import io.weft.storage.TraceQuery;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The api_v3 query parameters and body as a Weft TraceQuery (pure parsing, no server). */
class TraceQueryParamsTest {
  static TraceQueryParams parse(Map<String, String> params) {
    return TraceQueryParams.fromQueryString(params::get);
  }

  static final String MIN = "2026-08-20T12:00:00.000000001Z";
  static final String MAX = "2026-08-20T15:00:00+02:00";
  static final long MIN_MICROS = 1_787_227_200_000_000L;

  @Test
  void everyParameter() {
    TraceQueryParams p = parse(Map.of("query.serviceName", "svc", "query.operationName", "op",
        "query.attributes", "{\"http.status_code\":\"200\",\"error\":true}", "query.startTimeMin", MIN,
        "query.startTimeMax", MAX, "query.durationMin", "1.5s", "query.durationMax", "1m30s",
        "query.searchDepth", "7", "query.rawTraces", "true"));
    TraceQuery q = p.query();
    assertEquals("svc", q.service());
    assertEquals("op", q.operation());
    assertEquals(Map.of("http.status_code", "200", "error", "true"), q.tags());
    assertEquals(MIN_MICROS + 1, q.startTimeMinMicros(), "1ns past a microsecond rounds up: the minimum is inclusive");
    assertEquals(MIN_MICROS + 3_600_000_000L - 1, q.startTimeMaxMicros(), "13:00Z exclusive is the microsecond before");
    assertEquals(1_500_000, q.durationMinMicros());
    assertEquals(90_000_000, q.durationMaxMicros());
    assertEquals(7, q.limit());
    assertTrue(p.rawTraces());
  }

  @Test
  void defaultsAndOlderNames() {
    TraceQueryParams p = parse(Map.of("query.start_time_min", "2026-08-20T10:00:00Z", "query.start_time_max", "2026-08-20T10:00:01Z"));
    assertNull(p.query().service(), "no service: search across services");
    assertNull(p.query().operation());
    assertEquals(100, p.query().limit(), "Jaeger's default search depth");
    assertFalse(p.rawTraces());
    assertEquals(0, p.query().durationMinMicros());
    assertEquals(3, parse(Map.of("query.start_time_min", MIN, "query.start_time_max", "2026-08-20T12:00:01Z",
        "query.num_traces", "3", "query.service_name", "s", "query.duration_min", "250ms", "query.raw_traces", "1"))
        .query().limit());
    assertEquals(250_000, parse(Map.of("query.start_time_min", MIN, "query.start_time_max", "2026-08-20T12:00:01Z",
        "query.duration_min", "250ms")).query().durationMinMicros());
    assertEquals("camel", parse(Map.of("query.startTimeMin", MIN, "query.startTimeMax", "2026-08-20T12:00:01Z",
        "query.serviceName", "camel", "query.service_name", "snake")).query().service(), "camelCase wins");
  }

  @Test
  void malformedInputNamesTheParameter() {
    assertEquals("query.startTimeMin and query.startTimeMax are required",
        assertThrows(BadRequestException.class, () -> parse(Map.of("query.startTimeMin", MIN))).getMessage());
    assertTrue(assertThrows(BadRequestException.class, () -> parse(Map.of("query.start_time_min", "12:00",
        "query.startTimeMax", MAX))).getMessage().startsWith("malformed parameter query.start_time_min: \"12:00\""));
    assertTrue(assertThrows(BadRequestException.class, () -> parse(Map.of("query.startTimeMin", MIN,
        "query.startTimeMax", MAX, "query.durationMax", "10"))).getMessage()
        .startsWith("malformed parameter query.durationMax: missing unit"));
    assertTrue(assertThrows(BadRequestException.class, () -> parse(Map.of("query.startTimeMin", MIN,
        "query.startTimeMax", MAX, "query.searchDepth", "-1"))).getMessage().contains("negative"));
    assertTrue(assertThrows(BadRequestException.class, () -> parse(Map.of("query.startTimeMin", MIN,
        "query.startTimeMax", MAX, "query.attributes", "{\"a\":{\"b\":1}}"))).getMessage().contains("not a string"));
    assertTrue(assertThrows(BadRequestException.class, () -> parse(Map.of("query.startTimeMin",
        "9999-12-31T23:59:59Z", "query.startTimeMax", "9999-12-31T23:59:59.5Z"))).getMessage()
        .startsWith("malformed parameter query.startTimeMin"), "beyond what nanoseconds since 1970 can hold");
  }

  @Test
  void fromJsonBody() {
    String body = "{\"query\":{\"service_name\":\"svc\",\"operationName\":\"op\",\"attributes\":{\"k\":\"v\"},"
        + "\"startTimeMin\":\"" + MIN + "\",\"start_time_max\":\"" + MAX + "\",\"durationMin\":\"0.000250s\","
        + "\"searchDepth\":\"12\",\"rawTraces\":true}}";
    TraceQueryParams p = TraceQueryParams.fromJson(body.getBytes(StandardCharsets.UTF_8));
    assertEquals("svc", p.query().service());
    assertEquals(Map.of("k", "v"), p.query().tags());
    assertEquals(250, p.query().durationMinMicros());
    assertEquals(12, p.query().limit());
    assertTrue(p.rawTraces());
    assertTrue(assertThrows(BadRequestException.class, () -> TraceQueryParams.fromJson(
        "{\"query\":{\"serviceName\":[1]}}".getBytes(StandardCharsets.UTF_8))).getMessage().contains("scalar"));
    assertTrue(assertThrows(BadRequestException.class, () -> TraceQueryParams.fromJson(
        "{\"query\":\"x\"}".getBytes(StandardCharsets.UTF_8))).getMessage().contains("must be an object"));
  }

  @Test
  void typedValuesForTheGrpcService() {
    TraceQueryParams p = TraceQueryParams.of("", "", Map.of(), 1_000L, 2_000_000L, 0, 0, 0, false);
    assertNull(p.query().service(), "proto3's empty string is no service");
    assertEquals(1, p.query().startTimeMinMicros());
    assertEquals(1999, p.query().startTimeMaxMicros());
    assertEquals(100, p.query().limit(), "proto3's 0 is the default depth");
    assertThrows(BadRequestException.class, () -> TraceQueryParams.of("s", null, Map.of(), null, 1L, 0, 0, 0, false));
    assertThrows(BadRequestException.class, () -> TraceQueryParams.of("s", null, Map.of(), 5L, 5L, 0, 0, 0, false));
  }
}
