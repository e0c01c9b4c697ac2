package io.weft.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceSummaryTest {
  @Test
  void rootErrorsOrphansAndServicesAsJaegerCountsThem() {
    Span root = TestSpans.builder(1, 0, io.weft.model.RefType.CHILD_OF, 1_000, 500, null)
        .process(new Process("web", List.of())).operationName("GET /").build();
    Span child = TestSpans.builder(2, 1, io.weft.model.RefType.CHILD_OF, 1_100, 100, null)
        .process(new Process("db", List.of())).status(StatusCode.ERROR, "x").build();
    Span tagged = TestSpans.builder(3, 1, io.weft.model.RefType.CHILD_OF, 1_200, 900, null)
        .process(new Process("db", List.of())).tags(List.of(Tag.bool("error", true))).build();
    Span orphan = TestSpans.builder(4, 99, io.weft.model.RefType.CHILD_OF, 900, 10, null)
        .process(new Process("cache", List.of())).build();
    Span laterRoot = TestSpans.builder(5, 0, io.weft.model.RefType.CHILD_OF, 5_000, 10, null)
        .process(new Process("cron", List.of())).operationName("tick").build();

    TraceSummary s = TraceSummary.of(List.of(child, orphan, laterRoot, root, tagged));
    assertEquals(TestSpans.TRACE, s.traceId());
    assertEquals("web", s.rootServiceName(), "the earliest span without a parent");
    assertEquals("GET /", s.rootOperationName());
    assertEquals(900, s.minStartTimeMicros());
    assertEquals(5_010, s.maxEndTimeMicros());
    assertEquals(5, s.spanCount());
    assertEquals(2, s.errorSpanCount(), "an ERROR status and an error=true tag");
    assertEquals(1, s.orphanSpanCount());
    assertEquals(List.of(new TraceSummary.ServiceSummary("cache", 1, 0), new TraceSummary.ServiceSummary("cron", 1, 0),
        new TraceSummary.ServiceSummary("db", 2, 2), new TraceSummary.ServiceSummary("web", 1, 0)), s.services());
  }

  @Test
  void anEmptyTraceHasNoSummary() {
    assertThrows(IllegalArgumentException.class, () -> TraceSummary.of(List.of()));
  }
}
