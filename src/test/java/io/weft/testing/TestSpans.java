package io.weft.testing;

import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hand-built spans of Weft's model for tests: {@link #of} for any trace, the rest for small fixed traces
 * ({@link #TRACE}) with one process per host. Random spans covering every field are {@link RandomSpans};
 * request bodies of other systems' formats are {@link OtlpJson} and {@link ZipkinJson}.
 */
public final class TestSpans {
  public static final TraceId TRACE = new TraceId(0, 1);

  private TestSpans() {}

  /** A random 128-bit trace id. */
  public static TraceId newTraceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new TraceId(r.nextLong(), r.nextLong());
  }

  /**
   * A span of {@code service} with no tags, times or kind yet, a child of {@code parent} in the same trace
   * unless that is 0.
   */
  public static Span.Builder of(TraceId trace, long id, long parent, String service, String operation) {
    return Span.builder()
        .traceId(trace)
        .spanId(id)
        .operationName(operation)
        .references(parent == 0 ? List.of() : List.of(SpanRef.childOf(trace, parent)))
        .process(new Process(service, List.of()));
  }

  /** A process on the host with that {@code ip} ({@code null}: no host tags). */
  public static Process onHost(String ip) {
    return ip == null ? new Process("svc", List.of()) : new Process("svc-" + ip, List.of(Tag.string("ip", ip)));
  }

  /** A span of {@link #TRACE}; {@code parent} 0 makes a root. Times in microseconds. */
  public static Span span(long id, long parent, long start, long duration, String host) {
    return builder(id, parent, RefType.CHILD_OF, start, duration, host).build();
  }

  public static Span.Builder builder(long id, long parent, RefType refType, long start, long duration, String host) {
    return Span.builder()
        .traceId(TRACE)
        .spanId(id)
        .operationName("op" + id)
        .references(parent == 0 ? List.of() : List.of(new SpanRef(refType, TRACE, parent)))
        .startTimeMicros(start)
        .durationMicros(duration)
        .process(onHost(host));
  }

  public static Span kind(Span s, SpanKind k) {
    return s.toBuilder().kind(k).build();
  }

  /** The span with that id (the first one). */
  public static Span byId(List<Span> spans, long id) {
    return spans.stream().filter(s -> s.spanId() == id).findFirst().orElseThrow();
  }
}
