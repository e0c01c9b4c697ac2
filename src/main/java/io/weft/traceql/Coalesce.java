package io.weft.traceql;

import java.util.List;

/** {@code coalesce()}: the spansets of a trace back into one. */
record Coalesce() implements Stage {
  @Override
  public List<Spanset> apply(List<Spanset> input, TraceView t) {
    if (input.size() <= 1) {
      return input;
    }
    int[] all = new int[0];
    for (Spanset s : input) {
      all = Spanset.union(all, s.spans);
    }
    return List.of(new Spanset(all, List.of()));
  }

  @Override
  public String text() {
    return "coalesce()";
  }
}
