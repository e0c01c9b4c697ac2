package io.weft.traceql;

/** A value written in the query: a string, number, duration, boolean, status, kind or nil. */
record Literal(Value value) implements FieldExpr {
  @Override
  public Value eval(TraceView t, int i) {
    return value;
  }

  @Override
  public ValueType type() {
    return value.type();
  }

  @Override
  public String text() {
    return value.type() == ValueType.STRING ? value.toString() : value.render();
  }
}
