package io.weft.traceql;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code count() > 3}, {@code avg(duration) >= 20ms}: keeps the spansets whose scalars compare
 * as asked, each carrying its aggregates' results as attributes ({@code count()} = 4).
 */
record ScalarFilter(BinaryOp op, ScalarExpr lhs, ScalarExpr rhs) implements Stage {
  @Override
  public List<Spanset> apply(List<Spanset> input, TraceView t) {
    List<Spanset> out = new ArrayList<>(input.size());
    for (Spanset ss : input) {
      Value l = lhs.eval(ss, t);
      Value r = rhs.eval(ss, t);
      if (!op.compare(l, r, null)) {
        continue;
      }
      Spanset kept = ss;
      for (ScalarExpr side : List.of(lhs, rhs)) {
        for (Aggregate a : side.aggregates()) {
          kept = kept.with(a.text(), a.eval(ss, t));
        }
      }
      out.add(kept);
    }
    return out;
  }

  @Override
  public String text() {
    return lhs.text() + " " + op.symbol + " " + rhs.text();
  }
}
