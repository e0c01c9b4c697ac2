package io.weft.query;

import static io.weft.testing.TestSpans.kind;
import static io.weft.testing.TestSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceAssemblerTest {

  @Test
  void dedupesSharedZipkinSpanThenFixesSkewAndSorts() {
    // The server half (host b, clock 1s ahead) shares id 0xb with its client half on host a.
    Span root = span(0xa, 0, 1_000_000, 100_000, "a");
    Span client = kind(span(0xb, 0xa, 1_010_000, 80_000, "a"), SpanKind.CLIENT);
    Span server = kind(span(0xb, 0xa, 2_020_000, 60_000, "b"), SpanKind.SERVER);

    List<Span> out = new TraceAssembler().assemble(List.of(server, root, client, root));

    assertEquals(3, out.size(), "the stored-twice root appears once");
    assertEquals(List.of(0xaL, 0xbL, 1L), out.stream().map(Span::spanId).toList());
    Span s = out.get(2);
    assertEquals(0xb, s.parentSpanId());
    assertEquals(1_010_000 + 10_000, s.startTimeMicros(), "centered in the client span");
    assertEquals(List.of("This span's timestamps were adjusted by -1s"), s.warnings());
  }

  @Test
  void zeroMaximumTurnsShiftingOff() {
    List<Span> in = List.of(span(1, 0, 0, 100, "a"), span(2, 1, 500, 10, "b"));
    List<Span> out = new TraceAssembler(Duration.ZERO).assemble(in);
    assertEquals(500, out.get(1).startTimeMicros());
    assertEquals(List.of("clock skew adjustment disabled; not applying calculated delta of -455µs"), out.get(1).warnings());
  }

  @Test
  void emptyTraceStaysEmpty() {
    assertEquals(List.of(), new TraceAssembler().assemble(List.of()));
  }
}
