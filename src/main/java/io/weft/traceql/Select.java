package io.weft.traceql;

import java.util.List;
import java.util.stream.Collectors;

/** {@code select(a, b)}: changes no spanset; the fields are shown with each matched span. */
record Select(List<FieldExpr> fields) implements Stage {
  Select {
    fields = List.copyOf(fields);
  }

  @Override
  public List<Spanset> apply(List<Spanset> input, TraceView t) {
    return input;
  }

  @Override
  public String text() {
    return "select(" + fields.stream().map(FieldExpr::text).collect(Collectors.joining(", ")) + ")";
  }
}
