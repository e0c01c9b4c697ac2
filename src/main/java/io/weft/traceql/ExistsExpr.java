package io.weft.traceql;

/** {@code expr != nil} (the span has the field) and {@code expr = nil} (it has not). */
record ExistsExpr(FieldExpr operand, boolean present) implements FieldExpr {
  @Override
  public Value eval(TraceView t, int i) {
    boolean has = operand.multi() ? !operand.all(t, i).isEmpty() : !operand.eval(t, i).isNil();
    return Value.ofBool(has == present);
  }

  @Override
  public ValueType type() {
    return ValueType.BOOL;
  }

  @Override
  public String text() {
    return "(" + operand.text() + (present ? " != nil" : " = nil") + ")";
  }
}
