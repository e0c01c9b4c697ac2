package io.weft.query.adjust;

import io.weft.model.Span;
import java.util.List;

/** One step of making a stored trace presentable, as Jaeger's query service adjusts traces. */
@FunctionalInterface
public interface Adjuster {
  /** Returns the adjusted spans; the input list and spans are left untouched (spans are immutable). */
  List<Span> adjust(List<Span> trace);
}
