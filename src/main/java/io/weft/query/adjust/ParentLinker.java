package io.weft.query.adjust;

import io.weft.model.Ids;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Makes references usable by the UI, which takes {@code references[0]} as the parent: drops
 * references without a trace or span id (Jaeger's {@code SpanReferences}), swaps the parent
 * reference to the front (Jaeger's {@code ParentReference}), and sorts spans by start time.
 * A span whose parent is not in the trace is kept as is; the clock skew adjuster warns about it.
 */
public final class ParentLinker implements Adjuster {
  public static final Comparator<Span> BY_START = Comparator.comparingLong(Span::startTimeMicros);

  @Override
  public List<Span> adjust(List<Span> trace) {
    List<Span> out = new ArrayList<>(trace.size());
    for (Span s : trace) {
      out.add(parentFirst(dropInvalidRefs(s)));
    }
    out.sort(BY_START); // stable: equal start times keep storage order
    return out;
  }

  private static Span dropInvalidRefs(Span s) {
    List<SpanRef> kept = null;
    List<String> warnings = null;
    for (int i = 0; i < s.references().size(); i++) {
      SpanRef r = s.references().get(i);
      boolean valid = !r.traceId().isZero() && r.spanId() != 0;
      if (!valid && kept == null) {
        kept = new ArrayList<>(s.references().subList(0, i));
        warnings = new ArrayList<>(s.warnings());
      }
      if (valid && kept != null) {
        kept.add(r);
      } else if (!valid) {
        warnings.add("Invalid span reference removed {TraceID:" + r.traceId().toHex()
            + " SpanID:" + Ids.spanIdHex(r.spanId()) + " RefType:" + r.type() + "}");
      }
    }
    return kept == null ? s : s.toBuilder().references(kept).warnings(warnings).build();
  }

  private static Span parentFirst(Span s) {
    int i = ParentRefs.parentIndex(s);
    if (i <= 0) {
      return s;
    }
    List<SpanRef> refs = new ArrayList<>(s.references());
    Collections.swap(refs, 0, i);
    return s.toBuilder().references(refs).build();
  }
}
