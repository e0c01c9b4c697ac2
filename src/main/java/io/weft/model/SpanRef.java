package io.weft.model;

/** A reference from a span to another span (its parent, or one it follows from). */
public record SpanRef(RefType type, TraceId traceId, long spanId) {
  public static SpanRef childOf(TraceId traceId, long spanId) {
    return new SpanRef(RefType.CHILD_OF, traceId, spanId);
  }
}
