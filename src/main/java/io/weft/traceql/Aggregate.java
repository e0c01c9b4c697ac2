package io.weft.traceql;

import java.util.List;

/**
 * {@code count()}, {@code sum(f)}, {@code avg(f)}, {@code min(f)}, {@code max(f)} over a spanset's
 * spans. Nil values are skipped; with no value left the result is nil and the spanset does not
 * pass the comparison. Ints sum to an int and durations to a duration; an average of durations is
 * a duration, of anything else a float.
 */
record Aggregate(Kind kind, FieldExpr field) implements ScalarExpr {
  enum Kind { COUNT, SUM, AVG, MIN, MAX }

  @Override
  public Value eval(Spanset ss, TraceView t) {
    if (kind == Kind.COUNT) {
      return Value.ofInt(ss.spans.length);
    }
    Value best = null;
    double sum = 0;
    long longSum = 0;
    ValueType sumType = null;
    int n = 0;
    for (int i : ss.spans) {
      Value v = field.eval(t, i);
      if (!v.type().isNumeric()) {
        continue;
      }
      n++;
      sum += v.asDouble();
      longSum += v.asLong();
      sumType = sumType == null || sumType == v.type() ? v.type() : ValueType.FLOAT;
      if (best == null) {
        best = v;
      } else if (kind == Kind.MIN && v.compareTo(best) < 0 || kind == Kind.MAX && v.compareTo(best) > 0) {
        best = v;
      }
    }
    if (n == 0) {
      return Value.NIL;
    }
    return switch (kind) {
      case MIN, MAX -> best;
      case SUM -> sumType == ValueType.INT ? Value.ofInt(longSum)
          : sumType == ValueType.DURATION ? Value.ofDuration(longSum) : Value.ofFloat(sum);
      default -> sumType == ValueType.DURATION ? Value.ofDuration(Math.round(sum / n)) : Value.ofFloat(sum / n);
    };
  }

  @Override
  public String text() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + (field == null ? "" : field.text()) + ")";
  }

  @Override
  public List<Aggregate> aggregates() {
    return List.of(this);
  }
}
