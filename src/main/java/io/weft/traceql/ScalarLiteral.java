package io.weft.traceql;

import java.util.List;

/** A number or duration in a scalar comparison ({@code count() > 3}, {@code avg(duration) > 20ms}). */
record ScalarLiteral(Value value) implements ScalarExpr {
  @Override
  public Value eval(Spanset ss, TraceView t) {
    return value;
  }

  @Override
  public String text() {
    return value.render();
  }

  @Override
  public List<Aggregate> aggregates() {
    return List.of();
  }
}
