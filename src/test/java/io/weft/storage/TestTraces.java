package io.weft.storage;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.List;

/** Small spans for the archive tests: span 1 is the root, others its children, started just now. */
public final class TestTraces {
  private TestTraces() {}

  public static Span span(TraceId t, long id, String service) {
    long now = System.currentTimeMillis() * 1000;
    return Span.builder().traceId(t).spanId(id).operationName("op-" + id)
        .references(id == 1 ? List.of() : List.of(SpanRef.childOf(t, 1)))
        .startTimeMicros(now - 1000 + id).durationMicros(500)
        .tags(List.of(Tag.string("k", "v" + id), Tag.int64("n", id)))
        .process(new Process(service, List.of(Tag.string("host", "h1"))))
        .build();
  }
}
