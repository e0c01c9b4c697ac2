package io.weft.traceql;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code lhs op rhs} between spansets. Both sides see the same input spanset. {@code &&} needs
 * both sides to match and {@code ||} either, answering the spans of both; a structural operator
 * answers the right side's spans related to the left side's ({@link Relations}). Sides that may
 * give several spansets (a {@code by()}) are refused by the parser, as Tempo refuses them.
 */
record SpansetOperation(SpansetOp op, Stage lhs, Stage rhs) implements Stage {
  @Override
  public List<Spanset> apply(List<Spanset> input, TraceView t) {
    List<Spanset> out = new ArrayList<>(input.size());
    for (Spanset ss : input) {
      List<Spanset> in = List.of(ss);
      List<Spanset> l = lhs.apply(in, t);
      if (op == SpansetOp.AND && l.isEmpty()) {
        continue;
      }
      List<Spanset> r = rhs.apply(in, t);
      int[] answer;
      if (op.isLogical()) {
        if ((op == SpansetOp.AND && r.isEmpty()) || (l.isEmpty() && r.isEmpty())) {
          continue;
        }
        answer = new int[0];
        for (Spanset s : l) {
          answer = Spanset.union(answer, s.spans);
        }
        for (Spanset s : r) {
          answer = Spanset.union(answer, s.spans);
        }
      } else {
        if (r.isEmpty()) {
          continue;
        }
        answer = Relations.apply(op, l.isEmpty() ? new int[0] : l.get(0).spans, r.get(0).spans, t);
      }
      if (answer.length > 0) {
        out.add(ss.withSpans(answer));
      }
    }
    return out;
  }

  @Override
  public String text() {
    return "(" + lhs.text() + ") " + op.symbol + " (" + rhs.text() + ")";
  }
}
