package io.weft.traceql;

import java.util.List;

/** An intrinsic field in a query, with the name it was written with. */
record IntrinsicRef(Intrinsic intrinsic, String written) implements FieldExpr {
  @Override
  public Value eval(TraceView t, int i) {
    return intrinsic.eval(t, i);
  }

  @Override
  public List<Value> all(TraceView t, int i) {
    return intrinsic.all(t, i);
  }

  @Override
  public boolean multi() {
    return intrinsic.multi();
  }

  @Override
  public ValueType type() {
    return intrinsic.type;
  }

  @Override
  public String text() {
    return written;
  }
}
