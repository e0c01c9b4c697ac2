package io.weft.storage;

import io.weft.model.DependencyLink;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.TraceId;
import io.weft.testing.TestSpans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyLinkerTest {
  private static final TraceId T = new TraceId(0, 1);

  private static Span span(long id, long parent, String service) {
    return TestSpans.of(T, id, parent, service, null).build();
  }

  @Test
  void linksChildrenToParentsOfOtherServices() {
    List<Span> trace = List.of(span(1, 0, "a"), span(2, 1, "b"), span(3, 1, "b"), span(4, 2, "b"),
        span(5, 2, "c"), span(6, 42, "d"),
        span(7, 0, "e").toBuilder().references(List.of(new SpanRef(RefType.FOLLOWS_FROM, T, 1))).build(),
        span(8, 0, "f").toBuilder().references(List.of(SpanRef.childOf(new TraceId(9, 9), 1))).build());
    assertEquals(List.of(new DependencyLink("a", "b", 2), new DependencyLink("b", "c", 1)),
        DependencyLinker.linksOf(trace));
  }

  @Test
  void firstSpanWithTheParentIdIsTheParent() {
    // Zipkin shared span: client (a) and server (b) halves share id 2; the child of 2 is called by a.
    List<Span> trace = List.of(span(2, 1, "a"), span(2, 1, "b"), span(3, 2, "c"));
    assertEquals(List.of(new DependencyLink("a", "c", 1)), DependencyLinker.linksOf(trace));
  }

  @Test
  void zipkinSharedSpanLinksCallerToServerAndChildrenToTheServerHalf() {
    // Client (a) and server (b) halves share id 2; 3 is a child of the server half, in c.
    Span client = span(2, 1, "a").toBuilder().kind(io.weft.model.SpanKind.CLIENT).build();
    Span server = span(2, 1, "b").toBuilder().kind(io.weft.model.SpanKind.SERVER).build();
    List<DependencyLink> expected = List.of(new DependencyLink("a", "b", 1), new DependencyLink("b", "c", 1));
    assertEquals(expected, DependencyLinker.linksOf(List.of(span(1, 0, "a"), client, server, span(3, 2, "c"))));
    assertEquals(expected, DependencyLinker.linksOf(List.of(server, span(3, 2, "c"), client)), "any arrival order");
    // A root client span (no parent) still links to its server half.
    assertEquals(List.of(new DependencyLink("a", "b", 1)), DependencyLinker.linksOf(List.of(
        client.toBuilder().references(List.of()).build(), server.toBuilder().references(List.of()).build())));
    // Large traces take the map-based path with the same answer.
    List<Span> big = new ArrayList<>(List.of(span(1, 0, "a"), server, span(3, 2, "c"), client));
    for (int i = 100; i < 200; i++) {
      big.add(span(i, 1, "a"));
    }
    assertEquals(expected, DependencyLinker.linksOf(big));
  }

  @Test
  void largeTracesUseTheSameRules() {
    List<Span> trace = new ArrayList<>();
    trace.add(span(1, 0, "root"));
    for (int i = 2; i < 1000; i++) {
      trace.add(span(i, i / 2, "s" + (i % 3)));
    }
    long calls = DependencyLinker.linksOf(trace).stream().mapToLong(DependencyLink::callCount).sum();
    long expected = trace.stream().skip(1)
        .filter(s -> !trace.get((int) s.parentSpanId() - 1).serviceName().equals(s.serviceName())).count();
    assertEquals(expected, calls);
  }

  @Test
  void accumulatesAcrossTraces() {
    DependencyLinker linker = new DependencyLinker();
    linker.addTrace(List.of(span(1, 0, "a"), span(2, 1, "b")));
    linker.addTrace(List.of(span(1, 0, "a"), span(2, 1, "b")));
    assertEquals(List.of(new DependencyLink("a", "b", 2)), linker.links());
  }
}
