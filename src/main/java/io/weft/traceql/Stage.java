package io.weft.traceql;

import java.util.List;

/** One step of a pipeline: spansets of one trace in, spansets out (an empty list drops the trace). */
interface Stage {
  List<Spanset> apply(List<Spanset> input, TraceView t);

  /** The stage as TraceQL text. */
  String text();

  /** Whether it may give more than one spanset for one (by() without a later coalesce()). */
  default boolean mayGroup() {
    return false;
  }
}
