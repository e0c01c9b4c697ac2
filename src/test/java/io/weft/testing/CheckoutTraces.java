package io.weft.testing;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.List;

/** Two small traces the query API tests read back: a checkout with a Zipkin-style shared span, and a health check. */
public final class CheckoutTraces {
  /** A minute ago, in microseconds: inside every default lookback. */
  public static final long T0 = (System.currentTimeMillis() - 60_000) * 1000;
  public static final TraceId TRACE_A = new TraceId(0x1111L, 0xaL);
  public static final String TRACE_A_HEX = "0000000000001111000000000000000a";
  public static final TraceId TRACE_B = new TraceId(0, 0xbL);
  public static final Process FRONTEND = new Process("frontend", List.of(Tag.string("ip", "10.0.0.1")));
  public static final Process BACKEND = new Process("backend", List.of(Tag.string("ip", "10.0.0.2")));

  private CheckoutTraces() {}

  /** Trace A: frontend GET /checkout calls backend; Zipkin-style shared id 0x2, backend clock 1s ahead, an error. */
  public static List<Span> traceA() {
    Span root = Span.builder().traceId(TRACE_A).spanId(0x1).operationName("GET /checkout")
        .startTimeMicros(T0).durationMicros(100_000).process(FRONTEND).kind(SpanKind.SERVER)
        .tags(List.of(Tag.int64("http.status_code", 200))).build();
    Span client = Span.builder().traceId(TRACE_A).spanId(0x2).operationName("charge")
        .references(List.of(SpanRef.childOf(TRACE_A, 0x1)))
        .startTimeMicros(T0 + 10_000).durationMicros(80_000).process(FRONTEND).kind(SpanKind.CLIENT).build();
    Span server = Span.builder().traceId(TRACE_A).spanId(0x2).operationName("charge")
        .references(List.of(SpanRef.childOf(TRACE_A, 0x1)))
        .startTimeMicros(T0 + 1_020_000).durationMicros(60_000).process(BACKEND).kind(SpanKind.SERVER)
        .status(StatusCode.ERROR, "card declined").build();
    return List.of(root, client, server);
  }

  /** Trace B: a quick frontend-only trace with a 64-bit id. */
  public static List<Span> traceB() {
    return List.of(Span.builder().traceId(TRACE_B).spanId(0x5).operationName("GET /health")
        .startTimeMicros(T0 + 5_000_000).durationMicros(300).process(FRONTEND).kind(SpanKind.SERVER).build());
  }
}
