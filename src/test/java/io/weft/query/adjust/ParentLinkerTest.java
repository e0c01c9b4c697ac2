package io.weft.query.adjust;

import static io.weft.testing.TestSpans.TRACE;
import static io.weft.testing.TestSpans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParentLinkerTest {
  final ParentLinker linker = new ParentLinker();

  @Test
  void sortsByStartTimeKeepingSpansWithMissingParents() {
    List<Span> out = linker.adjust(List.of(span(3, 2, 30, 1, "a"), span(1, 0, 10, 1, "a"), span(2, 99, 20, 1, "a")));
    assertEquals(List.of(1L, 2L, 3L), out.stream().map(Span::spanId).toList());
  }

  @Test
  void parentReferenceComesFirst() {
    TraceId other = new TraceId(0, 77);
    List<SpanRef> refs = List.of(new SpanRef(RefType.FOLLOWS_FROM, TRACE, 5),
        new SpanRef(RefType.CHILD_OF, other, 6), SpanRef.childOf(TRACE, 7));
    Span s = span(1, 0, 0, 1, "a").toBuilder().references(refs).build();
    assertEquals(List.of(SpanRef.childOf(TRACE, 7), new SpanRef(RefType.CHILD_OF, other, 6),
        new SpanRef(RefType.FOLLOWS_FROM, TRACE, 5)), linker.adjust(List.of(s)).get(0).references());
  }

  @Test
  void referencesWithoutIdsAreDroppedWithAWarning() {
    Span s = span(1, 0, 0, 1, "a").toBuilder()
        .references(List.of(SpanRef.childOf(new TraceId(0, 0), 0xff), SpanRef.childOf(TRACE, 2))).build();
    Span out = linker.adjust(List.of(s)).get(0);
    assertEquals(List.of(SpanRef.childOf(TRACE, 2)), out.references());
    assertEquals(List.of("Invalid span reference removed {TraceID:0000000000000000 SpanID:00000000000000ff RefType:CHILD_OF}"),
        out.warnings());
  }
}
