package io.weft.query.adjust;

import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The parent of a span as Jaeger's adjusters see it: the first CHILD_OF reference within the
 * trace, else the first FOLLOWS_FROM one (Jaeger's {@code Span.ParentSpanID}).
 */
final class ParentRefs {
  private ParentRefs() {}

  /** Index of the parent reference in {@code span.references()}, or -1 for a root. */
  static int parentIndex(Span s) {
    int followsFrom = -1;
    List<SpanRef> refs = s.references();
    for (int i = 0; i < refs.size(); i++) {
      SpanRef r = refs.get(i);
      if (!r.traceId().equals(s.traceId())) {
        continue;
      }
      if (r.type() == RefType.CHILD_OF) {
        return i;
      }
      if (followsFrom < 0) {
        followsFrom = i;
      }
    }
    return followsFrom;
  }

  /** The parent reference, or null for a root. */
  static SpanRef parent(Span s) {
    int i = parentIndex(s);
    return i < 0 ? null : s.references().get(i);
  }

  /** The parent span id, or 0 for a root. */
  static long parentId(Span s) {
    SpanRef r = parent(s);
    return r == null ? 0 : r.spanId();
  }

  /**
   * The span with its parent reference pointing at {@code newParent}; a root gets a new CHILD_OF
   * reference (Jaeger's {@code Span.ReplaceParentID}).
   */
  static Span withParent(Span s, long newParent) {
    List<SpanRef> refs = new ArrayList<>(s.references());
    int i = parentIndex(s);
    if (i < 0) {
      refs.add(0, SpanRef.childOf(s.traceId(), newParent));
    } else {
      SpanRef old = refs.get(i);
      refs.set(i, new SpanRef(old.type(), old.traceId(), newParent, old.tags()));
    }
    return s.toBuilder().references(refs).build();
  }
}
