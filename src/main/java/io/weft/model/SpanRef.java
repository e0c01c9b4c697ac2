package io.weft.model;

import java.util.List;

/**
 * A reference from a span to another span: its parent, or one it follows from (an OTLP link).
 * {@code tags} are the link's attributes (none for Jaeger and Zipkin references).
 */
public record SpanRef(RefType type, TraceId traceId, long spanId, List<Tag> tags) {
  public SpanRef {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public SpanRef(RefType type, TraceId traceId, long spanId) {
    this(type, traceId, spanId, List.of());
  }

  public static SpanRef childOf(TraceId traceId, long spanId) {
    return new SpanRef(RefType.CHILD_OF, traceId, spanId);
  }
}
