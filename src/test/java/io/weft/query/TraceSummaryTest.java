package io.weft.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trace summaries as Jaeger's FindTraceSummaries computes them. */
class TraceSummaryTest {
  static final TraceId ID = new TraceId(0, 0xabcL);

  static Span span(long id, long parent, String service, long start, long duration) {
    return Span.builder().traceId(ID).spanId(id).operationName("op" + id).startTimeMicros(start).durationMicros(duration)
        .references(parent == 0 ? List.of() : List.of(SpanRef.childOf(ID, parent)))
        .process(new Process(service, List.of())).build();
  }

  @Test
  void rootsOrphansErrorsAndServices() {
    List<Span> trace = List.of(
        span(2, 0, "late-root", 200, 10),
        span(1, 0, "web", 100, 50),
        span(3, 1, "db", 110, 500).toBuilder().status(StatusCode.ERROR, "").build(),
        span(4, 99, "db", 120, 5).toBuilder().tags(List.of(Tag.bool("error", true))).build(),
        span(5, 1, "web", 90, 5).toBuilder().tags(List.of(Tag.string("error", "false"))).build());
    TraceSummary s = TraceSummary.of(trace);
    assertEquals("00000000000000000000000000000abc", s.traceId());
    assertEquals("web", s.rootServiceName(), "the earliest span without a parent");
    assertEquals("op1", s.rootOperationName());
    assertEquals(90_000, s.minStartTimeUnixNano());
    assertEquals(610_000, s.maxEndTimeUnixNano());
    assertEquals(5, s.spanCount());
    assertEquals(2, s.errorSpanCount(), "an ERROR status and error=true; error=false is not an error");
    assertEquals(1, s.orphanSpanCount(), "span 4's parent is not in the trace");
    assertEquals(List.of(new TraceSummary.ServiceSummary("db", 2, 2), new TraceSummary.ServiceSummary("late-root", 1, 0),
        new TraceSummary.ServiceSummary("web", 2, 0)), s.services());
  }

  @Test
  void noRootLeavesTheRootNamesEmpty() {
    TraceSummary s = TraceSummary.of(List.of(span(7, 6, "svc", 10, 1)));
    assertEquals("", s.rootServiceName());
    assertEquals("", s.rootOperationName());
    assertEquals(1, s.orphanSpanCount());
  }
}
