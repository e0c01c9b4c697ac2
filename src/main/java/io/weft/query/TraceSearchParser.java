package io.weft.query;

import io.weft.config.Durations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.weft.model.TraceId;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Parameters of {@code GET /api/traces}, as Jaeger's query parser reads them: {@code service},
 * {@code operation}, {@code tag=k:v} (repeatable), {@code tags={json}}, {@code start}/{@code end}
 * (µs), {@code lookback} ({@code 1h}, {@code 2d}, {@code custom}), {@code minDuration}/{@code
 * maxDuration} (Go durations), {@code limit}; or {@code traceID} (repeatable), which needs nothing else.
 * Every search parameter is optional, {@code service} too (as in Jaeger v2): without it the search runs
 * over every service, within the limits {@link SearchLimits} checks.
 */
public final class TraceSearchParser {
  /** Jaeger's defaults when the request leaves them out. */
  static final int DEFAULT_LIMIT = 100;
  static final long DEFAULT_LOOKBACK_MICROS = 2L * 24 * 3600 * 1_000_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Either a query or trace ids (then the query is null). */
  public record TraceSearch(TraceQuery query, List<TraceId> traceIds) {}

  private final LongSupplier nowMicros;
  private final int defaultLimit;

  public TraceSearchParser(LongSupplier nowMicros) {
    this(nowMicros, DEFAULT_LIMIT);
  }

  /** With the limit of a search that gives none (Jaeger's 100, or less where the node allows fewer). */
  public TraceSearchParser(LongSupplier nowMicros, int defaultLimit) {
    this.nowMicros = nowMicros;
    this.defaultLimit = defaultLimit;
  }

  /** @throws BadRequestException with a message for the user */
  public TraceSearch parse(MultiMap params) {
    List<TraceId> ids = new ArrayList<>();
    for (String id : params.getAll("traceID")) {
      ids.add(traceId(id));
    }
    if (!ids.isEmpty()) {
      return new TraceSearch(null, List.copyOf(ids));
    }
    String service = params.get("service");
    long end = params.get("end") == null || params.get("end").isEmpty()
        ? nowMicros.getAsLong() : number(params, "end");
    long start = params.get("start") == null || params.get("start").isEmpty()
        ? end - lookback(params.get("lookback")) : number(params, "start");
    long minDuration = duration(params, "minDuration");
    long maxDuration = duration(params, "maxDuration");
    if (minDuration != 0 && maxDuration != 0 && maxDuration < minDuration) {
      throw new BadRequestException("'maxDuration' should be greater than 'minDuration'");
    }
    int limit = defaultLimit;
    if (params.get("limit") != null && !params.get("limit").isEmpty()) {
      long l = number(params, "limit");
      if (l < 0 || l > Integer.MAX_VALUE) {
        throw new BadRequestException("cannot parse limit: out of range: " + l);
      }
      limit = (int) l;
    }
    String operation = params.get("operation");
    TraceQuery q = new TraceQuery(service, operation, tags(params), start, end, minDuration, maxDuration, limit);
    return new TraceSearch(q, List.of());
  }

  /** A trace id from a URL: 1 to 32 hex digits. */
  public static TraceId traceId(String s) {
    try {
      TraceId id = TraceId.fromHex(s);
      if (id.isZero()) {
        throw new IllegalArgumentException("zero");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("cannot parse traceID \"" + s + "\": expected 1 to 32 hex digits, not all zero");
    }
  }

  private static long lookback(String v) {
    if (v == null || v.isEmpty() || v.equals("custom")) {
      return DEFAULT_LOOKBACK_MICROS;
    }
    try {
      return Durations.parseLookback(v);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("cannot parse lookback: " + e.getMessage());
    }
  }

  private static long number(MultiMap params, String name) {
    String v = params.get(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new BadRequestException("cannot parse " + name + ": not an integer: \"" + v + "\"");
    }
  }

  private static long duration(MultiMap params, String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      return 0;
    }
    long micros;
    try {
      micros = Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("cannot parse " + name + ": " + e.getMessage());
    }
    if (micros < 0) {
      throw new BadRequestException("cannot parse " + name + ": negative duration \"" + v + "\"");
    }
    return micros;
  }

  private static Map<String, String> tags(MultiMap params) {
    Map<String, String> tags = new HashMap<>();
    for (String tag : params.getAll("tag")) {
      int colon = tag.indexOf(':');
      if (colon < 0) {
        throw new BadRequestException("malformed 'tag' parameter, expecting key:value, received: " + tag);
      }
      tags.put(tag.substring(0, colon), tag.substring(colon + 1));
    }
    for (String json : params.getAll("tags")) {
      JsonNode map;
      try {
        map = MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        throw new BadRequestException("malformed 'tags' parameter, cannot unmarshal JSON: " + e.getOriginalMessage());
      }
      if (map == null || !map.isObject()) {
        throw new BadRequestException("malformed 'tags' parameter, expecting a JSON object of strings: " + json);
      }
      var fields = map.fields();
      while (fields.hasNext()) {
        var e = fields.next();
        JsonNode v = e.getValue();
        if (v.isContainerNode()) {
          throw new BadRequestException("malformed 'tags' parameter, value of " + e.getKey() + " is not a string");
        }
        tags.put(e.getKey(), v.isNull() ? "" : v.asText());
      }
    }
    return tags;
  }
}
