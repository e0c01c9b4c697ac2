package io.weft.query.adjust;

import static io.weft.testing.TestSpans.TRACE;
import static io.weft.testing.TestSpans.kind;
import static io.weft.testing.TestSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanIdDeduperTest {
  final SpanIdDeduper deduper = new SpanIdDeduper();

  @Test
  void serverHalfOfASharedSpanGetsANewIdUnderTheClientHalf() {
    // Zipkin: root 0xa; client and server both 0xb with parent 0xa; the server calls on (0xc, parent 0xb).
    Span root = span(0xa, 0, 0, 100, "a");
    Span client = kind(span(0xb, 0xa, 10, 80, "a"), SpanKind.CLIENT);
    Span server = kind(span(0xb, 0xa, 12, 70, "b"), SpanKind.SERVER);
    Span serverChild = kind(span(0xc, 0xb, 20, 10, "b"), SpanKind.CLIENT);

    List<Span> out = deduper.adjust(List.of(root, client, server, serverChild));

    assertSame(root, out.get(0));
    assertSame(client, out.get(1));
    Span newServer = out.get(2);
    assertEquals(1, newServer.spanId(), "smallest id not used in the trace, as Jaeger picks");
    assertEquals(List.of(SpanRef.childOf(TRACE, 0xb)), newServer.references());
    assertEquals(List.of(SpanRef.childOf(TRACE, 1)), out.get(3).references());
  }

  @Test
  void rootServerSharingWithClientBecomesItsChild() {
    Span client = kind(span(1, 0, 10, 80, "a"), SpanKind.CLIENT);
    Span server = kind(span(1, 0, 12, 70, "b"), SpanKind.SERVER);
    List<Span> out = deduper.adjust(List.of(client, server));
    assertEquals(2, out.get(1).spanId());
    assertEquals(List.of(SpanRef.childOf(TRACE, 1)), out.get(1).references());
  }

  @Test
  void uniqueIdsOrNonRpcDuplicatesAreLeftAlone() {
    List<Span> unique = List.of(span(1, 0, 0, 10, "a"), kind(span(2, 1, 0, 10, "a"), SpanKind.SERVER));
    assertSame(unique, deduper.adjust(unique));
    List<Span> twoServers = List.of(kind(span(1, 0, 0, 10, "a"), SpanKind.SERVER),
        kind(span(1, 0, 0, 10, "b"), SpanKind.SERVER));
    assertSame(twoServers, deduper.adjust(twoServers));
  }
}
