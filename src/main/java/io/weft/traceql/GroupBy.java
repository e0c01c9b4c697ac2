package io.weft.traceql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code by(expr)}: splits each spanset into one per value of the expression (nil included),
 * each carrying the attribute {@code by(expr)} = value.
 */
record GroupBy(FieldExpr by) implements Stage {
  @Override
  public List<Spanset> apply(List<Spanset> input, TraceView t) {
    List<Spanset> out = new ArrayList<>();
    for (Spanset ss : input) {
      Map<Value, List<Integer>> groups = new LinkedHashMap<>();
      for (int i : ss.spans) {
        groups.computeIfAbsent(by.eval(t, i), k -> new ArrayList<>()).add(i);
      }
      groups.forEach((value, spans) -> out.add(ss.withSpans(spans.stream().mapToInt(Integer::intValue).toArray())
          .with(text(), value)));
    }
    return out;
  }

  @Override
  public boolean mayGroup() {
    return true;
  }

  @Override
  public String text() {
    return "by(" + by.text() + ")";
  }
}
