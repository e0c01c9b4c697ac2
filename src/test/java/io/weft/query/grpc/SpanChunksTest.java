package io.weft.query.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.proto.jaeger.api_v2.SpansResponseChunk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpanChunksTest {
  static List<Span> trace(TraceId id, int n, int tagBytes) {
    List<Span> spans = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      spans.add(Span.builder().traceId(id).spanId(i).operationName("op" + (i % 7))
          .references(i == 1 ? List.of() : List.of(io.weft.model.SpanRef.childOf(id, 1)))
          .startTimeMicros(1_000_000L + i).durationMicros(10)
          .tags(List.of(Tag.string("payload", "x".repeat(tagBytes))))
          .process(new Process("svc-" + (i % 3), List.of())).build());
    }
    return spans;
  }

  @Test
  void aLargeTraceIsCutIntoBoundedMessagesThatReassembleWhole() {
    TraceId id = new TraceId(1, 2);
    List<Span> spans = trace(id, 3_000, 100);
    List<TracesData> out = new ArrayList<>();
    ApiV3Service.chunks(List.of(spans)).forEachRemaining(out::add);
    assertTrue(out.size() >= 6, "several messages: " + out.size());
    Set<Long> seen = new HashSet<>();
    for (TracesData m : out) {
      assertTrue(m.getSerializedSize() <= SpanChunks.MAX_BYTES, "message of " + m.getSerializedSize() + " bytes");
      int n = 0;
      for (ResourceSpans rs : m.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (var s : ss.getSpansList()) {
            n++;
            assertTrue(seen.add(io.weft.model.Ids.readLong(s.getSpanId().toByteArray(), 0)), "each span once");
          }
        }
      }
      assertTrue(n <= SpanChunks.MAX_SPANS);
    }
    assertEquals(3_000, seen.size());
  }

  @Test
  void bytesBoundTheChunkAndOneHugeSpanStillGoesOut() {
    TraceId id = new TraceId(0, 9);
    List<Span> spans = trace(id, 40, 10_000); // ~10 kB each
    List<SpansResponseChunk> out = new ArrayList<>();
    new SpanChunks<>(List.of(spans), ApiV2Service::chunk, 500, 50_000).forEachRemaining(out::add);
    assertEquals(40, out.stream().mapToInt(SpansResponseChunk::getSpansCount).sum());
    out.forEach(c -> assertTrue(c.getSerializedSize() <= 50_000, c.getSerializedSize() + " bytes"));
    assertTrue(out.size() >= 8, out.size() + " messages");

    List<SpansResponseChunk> huge = new ArrayList<>();
    new SpanChunks<>(List.of(trace(id, 3, 80_000)), ApiV2Service::chunk, 500, 50_000).forEachRemaining(huge::add);
    assertEquals(3, huge.size(), "a span larger than the limit travels alone");
  }

  @Test
  void messagesNeverMixTraces() {
    TraceId a = new TraceId(0, 1);
    TraceId b = new TraceId(0, 2);
    List<SpansResponseChunk> out = new ArrayList<>();
    new SpanChunks<>(List.of(trace(a, 5, 1), List.of(), trace(b, 12, 1)), ApiV2Service::chunk, 10, 1 << 20)
        .forEachRemaining(out::add);
    assertEquals(List.of(5, 10, 2), out.stream().map(SpansResponseChunk::getSpansCount).toList());
    for (SpansResponseChunk c : out) {
      assertEquals(1, c.getSpansList().stream().map(s -> s.getTraceId()).distinct().count());
    }
  }
}
