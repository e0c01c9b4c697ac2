package io.weft.storage;

import io.weft.model.JaegerTags;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.Tag;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The search predicate of {@link TraceQuery}, shared by every backend so they all match alike.
 * A span matches when it has the service (when given), the operation (when given), a duration
 * within the non-zero bounds, and every query tag. A tag matches when the span's tags as Jaeger
 * shows them ({@link JaegerTags#effective}), its process tags, or one of its log fields has the key
 * and the same text ({@link Tag#valueAsString()}), so {@code error=true} finds an OTel ERROR span.
 * A trace matches when one span matches and the trace's start (its earliest span start) lies
 * within [startTimeMin, startTimeMax], a zero bound meaning none.
 */
public final class SpanMatcher {
  private final TraceQuery query;

  public SpanMatcher(TraceQuery query) {
    this.query = query;
  }

  public boolean matchesTrace(Collection<Span> trace) {
    if (trace.isEmpty() || !startInRange(traceStart(trace))) {
      return false;
    }
    for (Span s : trace) {
      if (matches(s)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a trace starting at {@code startMicros} lies within the query's time range. */
  public boolean startInRange(long startMicros) {
    return (query.startTimeMinMicros() == 0 || startMicros >= query.startTimeMinMicros())
        && (query.startTimeMaxMicros() == 0 || startMicros <= query.startTimeMaxMicros());
  }

  public boolean matches(Span s) {
    if (!isBlank(query.service()) && !query.service().equals(s.serviceName())) {
      return false;
    }
    if (!isBlank(query.operation()) && !query.operation().equals(s.operationName())) {
      return false;
    }
    long d = s.durationMicros();
    if ((query.durationMinMicros() != 0 && d < query.durationMinMicros())
        || (query.durationMaxMicros() != 0 && d > query.durationMaxMicros())) {
      return false;
    }
    if (query.tags().isEmpty()) {
      return true;
    }
    List<Tag> effective = JaegerTags.effective(s);
    for (Map.Entry<String, String> want : query.tags().entrySet()) {
      if (!hasTag(s, effective, want.getKey(), want.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The earliest span start of a trace ({@code Long.MAX_VALUE} when empty). */
  public static long traceStart(Collection<Span> trace) {
    long min = Long.MAX_VALUE;
    for (Span s : trace) {
      min = Math.min(min, s.startTimeMicros());
    }
    return min;
  }

  private static boolean hasTag(Span s, List<Tag> effective, String key, String value) {
    if (contains(effective, key, value)
        || (s.process() != null && contains(s.process().tags(), key, value))) {
      return true;
    }
    for (Log l : s.logs()) {
      if (contains(l.fields(), key, value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(List<Tag> tags, String key, String value) {
    for (Tag t : tags) {
      if (t.key().equals(key) && t.valueAsString().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }
}
