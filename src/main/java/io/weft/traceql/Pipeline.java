package io.weft.traceql;

import java.util.List;
import java.util.stream.Collectors;

/** {@code a | b | c}: each stage takes the spansets the one before gave; none left drops the trace. */
record Pipeline(List<Stage> stages) implements Stage {
  Pipeline {
    stages = List.copyOf(stages);
  }

  @Override
  public List<Spanset> apply(List<Spanset> input, TraceView t) {
    List<Spanset> sets = input;
    for (Stage s : stages) {
      if (sets.isEmpty()) {
        return sets;
      }
      sets = s.apply(sets, t);
    }
    return sets;
  }

  @Override
  public boolean mayGroup() {
    boolean grouped = false;
    for (Stage s : stages) {
      if (s instanceof Coalesce) {
        grouped = false;
      } else if (s.mayGroup()) {
        grouped = true;
      }
    }
    return grouped;
  }

  @Override
  public String text() {
    return stages.stream().map(Stage::text).collect(Collectors.joining(" | "));
  }
}
