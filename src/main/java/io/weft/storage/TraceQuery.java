package io.weft.storage;

import java.util.Map;

/**
 * A trace search. A trace matches when one of its spans has the service (and operation, when
 * given), every tag, and a duration within bounds, and started within [startMin, startMax].
 * Tags match span tags (as Jaeger shows them), process tags and log fields, by their text value.
 * Times are microseconds; a zero duration bound means no bound.
 */
public record TraceQuery(
    String service,
    String operation,
    Map<String, String> tags,
    long startTimeMinMicros,
    long startTimeMaxMicros,
    long durationMinMicros,
    long durationMaxMicros,
    int limit) {

  public TraceQuery {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if (limit <= 0) {
      limit = 20;
    }
  }
}
