package io.weft.traceql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** <code>{ condition }</code>: of each spanset, the spans for which the condition is true; {@code { }} keeps all. */
record SpansetFilter(FieldExpr condition) implements Stage {
  @Override
  public List<Spanset> apply(List<Spanset> input, TraceView t) {
    List<Spanset> out = new ArrayList<>(input.size());
    for (Spanset ss : input) {
      if (condition == null) {
        out.add(ss);
        continue;
      }
      int[] kept = new int[ss.spans.length];
      int n = 0;
      for (int i : ss.spans) {
        if (condition.eval(t, i).isTrue()) {
          kept[n++] = i;
        }
      }
      if (n > 0) {
        out.add(n == kept.length ? ss : ss.withSpans(Arrays.copyOf(kept, n)));
      }
    }
    return out;
  }

  @Override
  public String text() {
    return condition == null ? "{ }" : "{ " + condition.text() + " }";
  }
}
