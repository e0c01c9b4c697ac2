package io.weft.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.TestSpans;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanMatcherTest {
  private static final TraceId T = new TraceId(0, 1);

  private static Span span(String service, String op, long start, long duration, Tag... tags) {
    return TestSpans.of(T, start, 0, service, op).startTimeMicros(start).durationMicros(duration).tags(List.of(tags))
        .build();
  }

  private static TraceQuery q(String service, String op, Map<String, String> tags, long min, long max) {
    return new TraceQuery(service, op, tags, min, max, 0, 0, 20);
  }

  @Test
  void blankServiceAndOperationMatchAny() {
    Span s = span("a", "op", 10, 5);
    assertTrue(new SpanMatcher(q(null, null, null, 0, 0)).matches(s));
    assertTrue(new SpanMatcher(q("", "", Map.of(), 0, 0)).matches(s));
    assertFalse(new SpanMatcher(q("b", null, null, 0, 0)).matches(s));
    assertFalse(new SpanMatcher(q("a", "other", null, 0, 0)).matches(s));
  }

  @Test
  void tagsComeFromSpanStatusProcessAndLogs() {
    Span s = span("a", "op", 10, 5, Tag.int64("code", 7)).toBuilder()
        .status(StatusCode.ERROR, "")
        .process(new Process("a", List.of(Tag.string("host", "h"))))
        .logs(List.of(new Log(11, List.of(Tag.string("event", "x")))))
        .build();
    assertTrue(new SpanMatcher(q("a", null, Map.of("code", "7", "error", "true", "host", "h", "event", "x"), 0, 0)).matches(s));
    assertFalse(new SpanMatcher(q("a", null, Map.of("code", "7", "event", "y"), 0, 0)).matches(s));
  }

  @Test
  void traceStartMustLieInRange() {
    List<Span> trace = List.of(span("a", "op", 100, 5), span("a", "op", 50, 5));
    assertTrue(new SpanMatcher(q("a", null, null, 50, 60)).matchesTrace(trace));
    assertFalse(new SpanMatcher(q("a", null, null, 60, 200)).matchesTrace(trace));
    assertTrue(new SpanMatcher(q("a", null, null, 0, 50)).matchesTrace(trace));
    assertFalse(new SpanMatcher(q("a", null, null, 0, 0)).matchesTrace(List.of()));
  }
}
