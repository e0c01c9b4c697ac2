package io.weft.storage;

import java.util.Map;

/**
 * A trace search. A trace matches when one of its spans has the service (when given), the
 * operation (when given), every tag, and a duration within bounds, and the trace started within
 * [startMin, startMax]. Every condition is optional, the service too: without one the search runs
 * over every service, as in Jaeger v2 (an operation alone then matches that span name in any
 * service). Tags match span tags (as Jaeger shows them), process tags and log fields, by their
 * text value. Times are microseconds; a zero time or duration bound means no bound.
 *
 * <p>An empty service or operation is stored as null, so {@code service() == null} is the one way
 * to say "any service". Build one with the constructor, or start from {@link #between} and add
 * conditions with the {@code with...} methods.
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

  /** The limit of a query that gives none (zero or negative). */
  public static final int DEFAULT_LIMIT = 20;

  public TraceQuery {
    service = blankToNull(service);
    operation = blankToNull(operation);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    if (limit <= 0) {
      limit = DEFAULT_LIMIT;
    }
  }

  /** Every trace of any service that started in [startMin, startMax], the newest {@code limit} of them. */
  public static TraceQuery between(long startMinMicros, long startMaxMicros, int limit) {
    return new TraceQuery(null, null, Map.of(), startMinMicros, startMaxMicros, 0, 0, limit);
  }

  /** Whether the search runs over every service. */
  public boolean anyService() {
    return service == null;
  }

  public TraceQuery withService(String s) {
    return new TraceQuery(s, operation, tags, startTimeMinMicros, startTimeMaxMicros, durationMinMicros,
        durationMaxMicros, limit);
  }

  public TraceQuery withOperation(String op) {
    return new TraceQuery(service, op, tags, startTimeMinMicros, startTimeMaxMicros, durationMinMicros,
        durationMaxMicros, limit);
  }

  public TraceQuery withTags(Map<String, String> t) {
    return new TraceQuery(service, operation, t, startTimeMinMicros, startTimeMaxMicros, durationMinMicros,
        durationMaxMicros, limit);
  }

  /** Duration bounds in microseconds, zero for none. */
  public TraceQuery withDurations(long minMicros, long maxMicros) {
    return new TraceQuery(service, operation, tags, startTimeMinMicros, startTimeMaxMicros, minMicros, maxMicros, limit);
  }

  public TraceQuery withLimit(int l) {
    return new TraceQuery(service, operation, tags, startTimeMinMicros, startTimeMaxMicros, durationMinMicros,
        durationMaxMicros, l);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
