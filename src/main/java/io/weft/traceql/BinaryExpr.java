package io.weft.traceql;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code lhs op rhs} on one span. {@code &&} and {@code ||} short-circuit; a comparison with a
 * field of several values (events, links) holds when it holds for one of them, and for {@code !=}
 * and {@code !~} when it holds for all of them; a regular expression written in the query is
 * compiled once ({@code regex}).
 */
record BinaryExpr(BinaryOp op, FieldExpr lhs, FieldExpr rhs, Pattern regex) implements FieldExpr {
  @Override
  public Value eval(TraceView t, int i) {
    if (op.isLogical()) {
      Value l = lhs.eval(t, i);
      if (op == BinaryOp.AND && !l.isTrue()) {
        return Value.FALSE;
      }
      if (op == BinaryOp.OR && l.isTrue()) {
        return Value.TRUE;
      }
      Value r = rhs.eval(t, i);
      return Value.ofBool(r.isTrue());
    }
    if (op.isComparison()) {
      if (!lhs.multi() && !rhs.multi()) {
        return Value.ofBool(op.compare(lhs.eval(t, i), rhs.eval(t, i), regex));
      }
      List<Value> ls = lhs.all(t, i);
      List<Value> rs = rhs.all(t, i);
      if (ls.isEmpty() || rs.isEmpty()) {
        return Value.FALSE; // absent: nothing compares, != included
      }
      // = =~ < ... hold when one value does; != and !~ when every value does (none is equal), as TraceQL has it.
      boolean every = op == BinaryOp.NEQ || op == BinaryOp.NRE;
      for (Value l : ls) {
        for (Value r : rs) {
          if (op.compare(l, r, regex) != every) {
            return Value.ofBool(!every);
          }
        }
      }
      return Value.ofBool(every);
    }
    return op.arithmetic(lhs.eval(t, i), rhs.eval(t, i));
  }

  @Override
  public ValueType type() {
    if (op.isComparison() || op.isLogical()) {
      return ValueType.BOOL;
    }
    ValueType l = lhs.type();
    ValueType r = rhs.type();
    if (l == null || r == null) {
      return null;
    }
    return l == ValueType.INT && r == ValueType.INT ? ValueType.INT : ValueType.FLOAT;
  }

  @Override
  public String text() {
    return "(" + lhs.text() + " " + op.symbol + " " + rhs.text() + ")";
  }
}
