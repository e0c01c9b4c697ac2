package io.weft.traceql;

/** {@code !expr} (nil stays nil, so an absent boolean is not true either way) or {@code -expr}. */
record UnaryExpr(boolean negate, FieldExpr operand) implements FieldExpr {
  @Override
  public Value eval(TraceView t, int i) {
    Value v = operand.eval(t, i);
    if (negate) {
      return switch (v.type()) {
        case INT -> Value.ofInt(-v.asLong());
        case FLOAT -> Value.ofFloat(-v.asDouble());
        case DURATION -> Value.ofDuration(-v.asLong());
        default -> Value.NIL;
      };
    }
    return v.type() == ValueType.BOOL ? Value.ofBool(!v.isTrue()) : Value.NIL;
  }

  @Override
  public ValueType type() {
    return negate ? operand.type() : ValueType.BOOL;
  }

  @Override
  public String text() {
    return "(" + (negate ? "-" : "!") + operand.text() + ")";
  }
}
