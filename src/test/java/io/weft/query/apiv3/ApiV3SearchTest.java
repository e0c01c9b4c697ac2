package io.weft.query.apiv3;

import static io.weft.testing.CheckoutTraces.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** api_v3 trace search, trace summaries and dependencies over HTTP, with their errors. */
class ApiV3SearchTest extends ApiV3Fixture {

  /** The trace ids of a FindTraces answer, in order of their first resource. */
  static List<String> traceIds(JsonNode body) {
    List<String> ids = new ArrayList<>();
    for (JsonNode rs : body.get("result").get("resourceSpans")) {
      String id = rs.get("scopeSpans").get(0).get("spans").get(0).get("traceId").asText();
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  @Test
  void findTracesWithEveryParameter() throws Exception {
    JsonNode all = getJson("/api/v3/traces?query.serviceName=frontend&" + WINDOW, 200);
    assertEquals(List.of("0000000000000000000000000000000b", TRACE_A_HEX), traceIds(all), "most recent first");
    assertEquals(3, all.get("result").get("resourceSpans").size(), "each trace's resources, one trace after the other");

    assertEquals(List.of(TRACE_A_HEX), traceIds(getJson("/api/v3/traces?query.serviceName=frontend&query.durationMin=50ms&"
        + WINDOW, 200)));
    assertEquals(List.of("0000000000000000000000000000000b"), traceIds(getJson(
        "/api/v3/traces?query.serviceName=frontend&query.durationMax=1.5ms&" + WINDOW, 200)));
    assertEquals(List.of(TRACE_A_HEX), traceIds(getJson("/api/v3/traces?query.serviceName=frontend&query.operationName="
        + enc("GET /checkout") + "&" + WINDOW, 200)));
    assertEquals(List.of(TRACE_A_HEX), traceIds(getJson("/api/v3/traces?query.serviceName=backend&query.attributes="
        + enc("{\"error\":\"true\"}") + "&" + WINDOW, 200)), "an ERROR status matches error=true, as in Jaeger");
    assertEquals(List.of(TRACE_A_HEX), traceIds(getJson("/api/v3/traces?query.serviceName=frontend&query.attributes="
        + enc("{\"http.status_code\":\"200\"}") + "&" + WINDOW, 200)));
    assertEquals(1, traceIds(getJson("/api/v3/traces?query.serviceName=frontend&query.searchDepth=1&" + WINDOW, 200)).size());
    assertEquals(1, traceIds(getJson("/api/v3/traces?query.service_name=frontend&query.num_traces=1&"
        + WINDOW.replace("startTimeMin", "start_time_min").replace("startTimeMax", "start_time_max"), 200)).size(),
        "the older snake_case names");
    assertEquals(List.of(TRACE_A_HEX), traceIds(getJson("/api/v3/traces?query.service_name=frontend&query.duration_min=1m&"
        .replace("1m", "90ms") + WINDOW, 200)));
  }

  @Test
  void rawTracesInSearch() throws Exception {
    JsonNode raw = getJson("/api/v3/traces?query.serviceName=backend&query.rawTraces=true&" + WINDOW, 200);
    JsonNode server = raw.get("result").get("resourceSpans").get(1).get("scopeSpans").get(0).get("spans").get(0);
    assertEquals(String.valueOf((T0 + 1_020_000) * 1000), server.get("startTimeUnixNano").asText());
    JsonNode adjusted = getJson("/api/v3/traces?query.serviceName=backend&" + WINDOW, 200);
    assertEquals(String.valueOf((T0 + 20_000) * 1000), adjusted.get("result").get("resourceSpans").get(1)
        .get("scopeSpans").get(0).get("spans").get(0).get("startTimeUnixNano").asText());
  }

  @Test
  void noMatchIs404AsInJaeger() throws Exception {
    assertEquals("No traces found", error(getJson("/api/v3/traces?query.serviceName=nobody&" + WINDOW, 404), 404, 5));
    assertEquals("No traces found", error(getJson("/api/v3/traces?query.serviceName=frontend&query.startTimeMin="
        + iso(T0 - 7_200_000_000L) + "&query.startTimeMax=" + iso(T0 - 3_600_000_000L), 404), 404, 5));
  }

  @Test
  void findTracesByPost() throws Exception {
    String camel = "{\"query\":{\"serviceName\":\"frontend\",\"operationName\":\"GET /checkout\",\"startTimeMin\":\""
        + iso(T0 - 1_000_000) + "\",\"startTimeMax\":\"" + iso(T0 + 1_000_000) + "\",\"durationMin\":\"0.05s\","
        + "\"attributes\":{\"http.status_code\":\"200\"},\"searchDepth\":5,\"rawTraces\":false,\"unknownField\":1}}";
    assertEquals(List.of(TRACE_A_HEX), traceIds(json(post("/api/v3/traces", camel), 200)));
    String snake = "{\"query\":{\"service_name\":\"frontend\",\"start_time_min\":\"" + iso(T0 - 1_000_000)
        + "\",\"start_time_max\":\"" + iso(T0 + 10_000_000) + "\",\"search_depth\":\"1\",\"raw_traces\":true}}";
    assertEquals(1, traceIds(json(post("/api/v3/traces", snake), 200)).size());
    assertTrue(error(json(post("/api/v3/traces", "{\"query\":"), 400), 400, 3).startsWith("malformed request body"));
    assertTrue(error(json(post("/api/v3/traces", "[1]"), 400), 400, 3).startsWith("malformed request body"));
    assertEquals("query.startTimeMin and query.startTimeMax are required",
        error(json(post("/api/v3/traces", "{}"), 400), 400, 3));
    assertTrue(error(json(post("/api/v3/traces", camel.replace("0.05s", "fast")), 400), 400, 3)
        .startsWith("malformed parameter durationMin"));
    String huge = "{\"query\":{\"serviceName\":\"" + "x".repeat(100_000) + "\"}}";
    assertTrue(error(json(post("/api/v3/trace-summaries", huge), 413), 413, 8).contains("larger than"));
    assertEquals(List.of(TRACE_A_HEX), traceIds(json(post("/api/v3/traces", camel), 200)), "node unharmed");
  }

  @Test
  void badSearchParametersAre400() throws Exception {
    assertEquals("query.startTimeMin and query.startTimeMax are required",
        error(getJson("/api/v3/traces?query.serviceName=frontend", 400), 400, 3));
    assertEquals("query.startTimeMin and query.startTimeMax are required",
        error(getJson("/api/v3/trace-summaries?query.serviceName=frontend&query.startTimeMin=" + iso(T0), 400), 400, 3));
    assertTrue(error(getJson("/api/v3/traces?query.startTimeMin=now&query.startTimeMax=" + iso(T0), 400), 400, 3)
        .startsWith("malformed parameter query.startTimeMin: \"now\""));
    assertTrue(error(getJson("/api/v3/traces?query.start_time_min=" + iso(T0) + "&query.start_time_max=2026-01-01", 400),
        400, 3).startsWith("malformed parameter query.start_time_max"));
    assertEquals("query.startTimeMin must be before query.startTimeMax", error(getJson("/api/v3/traces?query.startTimeMin="
        + iso(T0) + "&query.startTimeMax=" + iso(T0), 400), 400, 3));
    assertTrue(error(getJson("/api/v3/traces?" + WINDOW + "&query.durationMin=" + enc("5 apples"), 400), 400, 3)
        .startsWith("malformed parameter query.durationMin: "));
    assertTrue(error(getJson("/api/v3/traces?" + WINDOW + "&query.duration_max=-1s", 400), 400, 3).contains("negative"));
    assertTrue(error(getJson("/api/v3/traces?" + WINDOW + "&query.durationMin=2s&query.durationMax=1s", 400), 400, 3)
        .contains("durationMax"));
    assertTrue(error(getJson("/api/v3/traces?" + WINDOW + "&query.searchDepth=ten", 400), 400, 3)
        .startsWith("malformed parameter query.searchDepth"));
    assertTrue(error(getJson("/api/v3/traces?" + WINDOW + "&query.attributes=" + enc("{\"a\":"), 400), 400, 3)
        .startsWith("malformed parameter query.attributes"));
    assertTrue(error(getJson("/api/v3/traces?" + WINDOW + "&query.attributes=" + enc("[\"a\"]"), 400), 400, 3)
        .startsWith("malformed parameter query.attributes"));
    assertTrue(error(getJson("/api/v3/traces?" + WINDOW + "&query.rawTraces=yes", 400), 400, 3)
        .startsWith("malformed parameter query.rawTraces"));
    assertTrue(error(getJson("/api/v3/traces?" + WINDOW + "&query.filter=" + enc("{\"op\":\"eq\"}"), 400), 400, 3)
        .contains("not supported"));
    assertEquals("{\"services\":[\"backend\",\"frontend\"]}", get("/api/v3/services").bodyAsString(), "node unharmed");
  }

  @Test
  void traceSummariesAsTheJaegerUiReadsThem() throws Exception {
    // Exactly what the current Jaeger UI sends: times with milliseconds, searchDepth from its limit.
    JsonNode body = getJson("/api/v3/trace-summaries?query.serviceName=frontend&" + WINDOW + "&query.searchDepth=20", 200);
    assertEquals(1, body.size());
    JsonNode summaries = body.get("summaries");
    assertEquals(2, summaries.size());
    assertEquals("{\"traceId\":\"0000000000000000000000000000000b\",\"rootServiceName\":\"frontend\","
        + "\"rootOperationName\":\"GET /health\",\"minStartTimeUnixNano\":\"" + (T0 + 5_000_000) * 1000 + "\","
        + "\"maxEndTimeUnixNano\":\"" + (T0 + 5_000_300) * 1000 + "\",\"spanCount\":1,"
        + "\"services\":[{\"name\":\"frontend\",\"spanCount\":1}]}", summaries.get(0).toString());
    assertEquals("{\"traceId\":\"" + TRACE_A_HEX + "\",\"rootServiceName\":\"frontend\","
        + "\"rootOperationName\":\"GET /checkout\",\"minStartTimeUnixNano\":\"" + T0 * 1000 + "\","
        + "\"maxEndTimeUnixNano\":\"" + (T0 + 100_000) * 1000 + "\",\"spanCount\":3,\"errorSpanCount\":1,"
        + "\"services\":[{\"name\":\"backend\",\"spanCount\":1,\"errorSpanCount\":1},{\"name\":\"frontend\",\"spanCount\":2}]}",
        summaries.get(1).toString(), "adjusted: the backend span moved inside its parent");

    String post = "{\"query\":{\"serviceName\":\"backend\",\"startTimeMin\":\"" + iso(T0 - 1_000_000)
        + "\",\"startTimeMax\":\"" + iso(T0 + 10_000_000) + "\"}}";
    JsonNode byPost = json(post("/api/v3/trace-summaries", post), 200).get("summaries");
    assertEquals(1, byPost.size());
    assertEquals(TRACE_A_HEX, byPost.get(0).get("traceId").asText());
    assertEquals("{\"summaries\":[]}", get("/api/v3/trace-summaries?query.serviceName=nobody&" + WINDOW).bodyAsString());
  }

  @Test
  void searchWithoutAServiceGoesToStorage() throws Exception {
    // The memory store answers it; other backends answer once search without a service lands there.
    JsonNode body = getJson("/api/v3/trace-summaries?query.operationName=charge&" + WINDOW, 200);
    assertEquals(1, body.get("summaries").size());
    assertEquals(TRACE_A_HEX, body.get("summaries").get(0).get("traceId").asText());
  }

  @Test
  void dependencies() throws Exception {
    String window = "startTime=" + iso(T0 - 60_000_000) + "&endTime=" + iso(T0 + 60_000_000);
    assertEquals("{\"dependencies\":[{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":\"1\"}]}",
        get("/api/v3/dependencies?" + window).bodyAsString());
    assertEquals("{\"dependencies\":[]}", get("/api/v3/dependencies?start_time=" + iso(T0 - 7_200_000_000L)
        + "&end_time=" + iso(T0 - 3_600_000_000L)).bodyAsString());
    assertTrue(error(getJson("/api/v3/dependencies?endTime=" + iso(T0), 400), 400, 3).contains("required"));
    assertTrue(error(getJson("/api/v3/dependencies?startTime=" + iso(T0) + "&endTime=" + iso(T0 - 1), 400), 400, 3)
        .contains("after"));
    assertTrue(error(getJson("/api/v3/dependencies?startTime=" + iso(T0) + "&endTime=later", 400), 400, 3)
        .startsWith("malformed parameter endTime"));
  }
}
