package io.weft.spanmetrics;

import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.List;

/** Spans for the aggregation's unit tests. */
final class Spans {
  private Spans() {}

  static Span span(String service, String op, SpanKind kind, long startMs, long durationMicros, boolean error,
      Tag... tags) {
    return span(new TraceId(0, startMs * 31 + op.hashCode()), startMs * 7 + durationMicros, 0, service, op, kind,
        startMs, durationMicros, error, tags);
  }

  static Span span(TraceId trace, long id, long parent, String service, String op, SpanKind kind, long startMs,
      long durationMicros, boolean error, Tag... tags) {
    return Span.builder().traceId(trace).spanId(id).operationName(op)
        .references(parent == 0 ? List.of() : List.of(new SpanRef(RefType.CHILD_OF, trace, parent)))
        .startTimeMicros(startMs * 1000).durationMicros(durationMicros)
        .process(new Process(service, List.of())).kind(kind).tags(List.of(tags))
        .status(error ? StatusCode.ERROR : StatusCode.UNSET, "").build();
  }
}
