package io.weft.query.apiv3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.config.Durations;
import io.weft.query.BadRequestException;
import io.weft.storage.TraceQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * api_v3's {@code TraceQueryParameters} (jaeger-idl {@code api_v3/query_service.proto}) as a Weft
 * {@link TraceQuery}: from the query string of {@code GET /api/v3/traces} and {@code /trace-summaries}
 * (the {@code query.*} names Jaeger's HTTP gateway reads, camelCase first, then the older snake_case),
 * from the JSON body of their POST form, or from already typed values (the gRPC service).
 * Both times are required, the minimum before the maximum (exclusive, as in Jaeger); durations are
 * Go durations ({@code 1.5s}, {@code 250ms}, {@code 1m30s}); {@code searchDepth} defaults to 100.
 * Anything malformed is a {@link BadRequestException} naming the parameter.
 */
public record TraceQueryParams(TraceQuery query, boolean rawTraces) {
  public static final int DEFAULT_SEARCH_DEPTH = 100;
  static final String TIME_MIN = "query.startTimeMin";
  static final String TIME_MAX = "query.startTimeMax";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * From typed values. Times are nanoseconds since the epoch (null when absent), durations
   * nanoseconds (0 for no bound), {@code searchDepth} 0 for the default; an empty service or
   * operation means any.
   */
  public static TraceQueryParams of(String service, String operation, Map<String, String> attributes,
      Long startTimeMinNanos, Long startTimeMaxNanos, long durationMinNanos, long durationMaxNanos,
      int searchDepth, boolean rawTraces) {
    if (startTimeMinNanos == null || startTimeMaxNanos == null) {
      throw new BadRequestException(TIME_MIN + " and " + TIME_MAX + " are required");
    }
    if (startTimeMinNanos >= startTimeMaxNanos) {
      throw new BadRequestException(TIME_MIN + " must be before " + TIME_MAX);
    }
    if (durationMinNanos < 0 || durationMaxNanos < 0) {
      throw new BadRequestException("query.durationMin and query.durationMax must not be negative");
    }
    if (durationMaxNanos != 0 && durationMaxNanos < durationMinNanos) {
      throw new BadRequestException("query.durationMax must not be less than query.durationMin");
    }
    if (searchDepth < 0) {
      throw new BadRequestException("malformed parameter query.searchDepth: must not be negative, got " + searchDepth);
    }
    // Storage works in microseconds: [min, max) in ns becomes [ceil(min), floor(max - 1)] in µs.
    long minMicros = Math.floorDiv(startTimeMinNanos, 1000) + (Math.floorMod(startTimeMinNanos, 1000) == 0 ? 0 : 1);
    long maxMicros = Math.floorDiv(startTimeMaxNanos - 1, 1000);
    long durMinMicros = (durationMinNanos + 999) / 1000;
    long durMaxMicros = durationMaxNanos == 0 ? 0 : Math.max(1, durationMaxNanos / 1000);
    TraceQuery q = new TraceQuery(emptyToNull(service), emptyToNull(operation), attributes,
        minMicros, maxMicros, durMinMicros, durMaxMicros, searchDepth == 0 ? DEFAULT_SEARCH_DEPTH : searchDepth);
    return new TraceQueryParams(q, rawTraces);
  }

  /** From a query string; {@code param} gives a parameter's first value or null. */
  public static TraceQueryParams fromQueryString(Function<String, String> param) {
    Params p = new Params(param);
    if (p.get("query.filter", null) != null) {
      throw new BadRequestException("query.filter (structured filters) is not supported; use the other query.* parameters");
    }
    Map<String, String> attributes = Map.of();
    String attrs = p.get("query.attributes", null);
    if (attrs != null) {
      attributes = attributes("query.attributes", parseJson("query.attributes", attrs));
    }
    Long min = p.time(TIME_MIN, "query.start_time_min");
    Long max = p.time(TIME_MAX, "query.start_time_max");
    int depth = p.depth();
    return of(p.get("query.serviceName", "query.service_name"), p.get("query.operationName", "query.operation_name"),
        attributes, min, max, p.duration("query.durationMin", "query.duration_min"),
        p.duration("query.durationMax", "query.duration_max"), depth, p.bool("query.rawTraces", "query.raw_traces"));
  }

  /**
   * From the body of a POST ({@code FindTracesRequest}/{@code FindTraceSummariesRequest} in proto3
   * JSON): {@code {"query": {"serviceName": ..., "startTimeMin": "2026-...Z", "attributes": {...}}}}.
   * Field names may be camelCase or snake_case; unknown fields are ignored.
   */
  public static TraceQueryParams fromJson(byte[] body) {
    JsonNode root;
    try {
      root = body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new BadRequestException("malformed request body: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException("malformed request body: expected a JSON object such as {\"query\":{...}}");
    }
    JsonNode q = root.path("query");
    if (!q.isMissingNode() && !q.isNull() && !q.isObject()) {
      throw new BadRequestException("malformed request body: \"query\" must be an object");
    }
    JsonNode filter = field(q, "filter", "filter");
    if (filter != null && !filter.isNull()) {
      throw new BadRequestException("query.filter (structured filters) is not supported; use the other query fields");
    }
    Params p = new Params(name -> text(q, name));
    JsonNode attrs = field(q, "attributes", "attributes");
    Map<String, String> attributes = attrs == null || attrs.isNull() ? Map.of()
        : attributes("query.attributes", attrs.isTextual() ? parseJson("query.attributes", attrs.asText()) : attrs);
    return of(p.get("serviceName", "service_name"), p.get("operationName", "operation_name"), attributes,
        p.time("startTimeMin", "start_time_min"), p.time("startTimeMax", "start_time_max"),
        p.duration("durationMin", "duration_min"), p.duration("durationMax", "duration_max"),
        p.depth("searchDepth", "search_depth", null), p.bool("rawTraces", "raw_traces"));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static JsonNode parseJson(String param, String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("malformed parameter " + param + ": " + e.getOriginalMessage());
    }
  }

  /** A JSON object of strings (numbers and booleans are taken as their text). */
  private static Map<String, String> attributes(String param, JsonNode map) {
    if (map == null || !map.isObject()) {
      throw new BadRequestException("malformed parameter " + param + ": expected a JSON object such as {\"http.status_code\":\"200\"}");
    }
    Map<String, String> out = new LinkedHashMap<>();
    var fields = map.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (e.getValue().isContainerNode()) {
        throw new BadRequestException("malformed parameter " + param + ": the value of " + e.getKey() + " is not a string");
      }
      out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
    }
    return out;
  }

  private static JsonNode field(JsonNode obj, String camel, String snake) {
    JsonNode v = obj.get(camel);
    return v != null ? v : obj.get(snake);
  }

  /** A scalar field of the body as text (null when absent or null); an object or array is malformed. */
  private static String text(JsonNode obj, String name) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isContainerNode()) {
      throw new BadRequestException("malformed request body: query." + name + " must be a scalar");
    }
    return v.asText();
  }

  /** Reads a parameter by its canonical name, then by its older alias, remembering which was used. */
  private static final class Params {
    private final Function<String, String> source;

    Params(Function<String, String> source) {
      this.source = source;
    }

    String get(String canonical, String alias) {
      String v = source.apply(canonical);
      if ((v == null || v.isEmpty()) && alias != null) {
        v = source.apply(alias);
      }
      return v == null || v.isEmpty() ? null : v;
    }

    private String nameOf(String canonical, String alias) {
      String v = source.apply(canonical);
      return v != null && !v.isEmpty() ? canonical : alias;
    }

    Long time(String canonical, String alias) {
      String v = get(canonical, alias);
      return v == null ? null : ApiTimes.parseNanos(nameOf(canonical, alias), v);
    }

    long duration(String canonical, String alias) {
      String v = get(canonical, alias);
      if (v == null) {
        return 0;
      }
      try {
        return Math.multiplyExact(Durations.parse(v), 1000L);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new BadRequestException("malformed parameter " + nameOf(canonical, alias) + ": " + e.getMessage()
            + " (a Go duration such as 1.5s, 250ms or 1m30s)");
      }
    }

    boolean bool(String canonical, String alias) {
      String v = get(canonical, alias);
      return v != null && ApiTimes.parseBool(nameOf(canonical, alias), v);
    }

    /** {@code query.searchDepth}, then {@code query.search_depth}, then the older {@code query.num_traces}. */
    int depth() {
      return depth("query.searchDepth", "query.search_depth", "query.num_traces");
    }

    int depth(String canonical, String alias, String older) {
      String name = nameOf(canonical, alias);
      String v = get(canonical, alias);
      if (v == null && older != null) {
        v = get(older, null);
        name = older;
      }
      if (v == null) {
        return 0;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new BadRequestException("malformed parameter " + name + ": \"" + v + "\" is not an integer");
      }
    }
  }
}
