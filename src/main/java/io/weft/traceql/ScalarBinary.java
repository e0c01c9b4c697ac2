package io.weft.traceql;

import java.util.ArrayList;
import java.util.List;

/** Arithmetic between scalars: {@code count() * 2}, {@code sum(.bytes) / 1024}. */
record ScalarBinary(BinaryOp op, ScalarExpr lhs, ScalarExpr rhs) implements ScalarExpr {
  @Override
  public Value eval(Spanset ss, TraceView t) {
    return op.arithmetic(lhs.eval(ss, t), rhs.eval(ss, t));
  }

  @Override
  public String text() {
    return "(" + lhs.text() + " " + op.symbol + " " + rhs.text() + ")";
  }

  @Override
  public List<Aggregate> aggregates() {
    List<Aggregate> out = new ArrayList<>(lhs.aggregates());
    out.addAll(rhs.aggregates());
    return out;
  }
}
