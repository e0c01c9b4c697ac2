package io.weft.traceql;

import java.util.List;

/** A number computed from a whole spanset: an aggregate, a literal, or arithmetic over them. */
interface ScalarExpr {
  Value eval(Spanset ss, TraceView t);

  String text();

  /** The aggregates in it, whose results a matching spanset carries as attributes. */
  List<Aggregate> aggregates();
}
