package io.weft.traceql;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds what a matching trace must hold, so that stores test only traces that can match. For
 * each spanset filter the query needs, the conditions one span must meet ({@link SpanConditions});
 * the most selective of them becomes the store search. Only necessary conditions are taken:
 * equality with a string, boolean or integer (its text is what a tag search compares), the
 * service ({@code resource.service.name =}), the span name, and duration bounds; anything under
 * {@code ||}, {@code !}, a negated or union-less side is left to the query itself.
 */
final class Planner {
  /** Integers beyond this print differently as floats (1.0E15), so a float tag would not match their text. */
  private static final long EXACT_TEXT = 1_000_000_000_000_000L;

  private Planner() {}

  static SpanConditions plan(Query q) {
    SpanConditions best = SpanConditions.NONE;
    for (SpanConditions c : needs(q.root())) {
      if (c.weight() > best.weight()) {
        best = c;
      }
    }
    return best;
  }

  /** Conditions that must each hold on some span of a matching trace. */
  static List<SpanConditions> needs(Stage s) {
    List<SpanConditions> out = new ArrayList<>();
    if (s instanceof SpansetFilter f) {
      if (f.condition() != null) {
        out.add(span(f.condition()));
      }
    } else if (s instanceof Pipeline p) {
      for (Stage stage : p.stages()) {
        out.addAll(needs(stage));
      }
    } else if (s instanceof SpansetOperation op) {
      switch (op.op()) {
        case UNION -> {
          // Either side may match: only what both sides' best conditions share.
          SpanConditions l = heaviest(needs(op.lhs()));
          SpanConditions r = heaviest(needs(op.rhs()));
          out.add(l.or(r));
        }
        case NOT_CHILD, NOT_PARENT, NOT_DESCENDANT, NOT_ANCESTOR, NOT_SIBLING -> out.addAll(needs(op.rhs()));
        default -> {
          out.addAll(needs(op.lhs()));
          out.addAll(needs(op.rhs()));
        }
      }
    }
    return out;
  }

  private static SpanConditions heaviest(List<SpanConditions> cs) {
    SpanConditions best = SpanConditions.NONE;
    for (SpanConditions c : cs) {
      if (c.weight() > best.weight()) {
        best = c;
      }
    }
    return best;
  }

  /** What a span must have for the condition to be true on it. */
  static SpanConditions span(FieldExpr e) {
    if (e instanceof BinaryExpr b) {
      if (b.op() == BinaryOp.AND) {
        return span(b.lhs()).and(span(b.rhs()));
      }
      if (b.op() == BinaryOp.OR) {
        return span(b.lhs()).or(span(b.rhs()));
      }
      if (b.op().isComparison()) {
        if (b.rhs() instanceof Literal lit) {
          return compare(b.lhs(), b.op(), lit.value());
        }
        if (b.lhs() instanceof Literal lit) {
          return compare(b.rhs(), flip(b.op()), lit.value());
        }
      }
    }
    return SpanConditions.NONE;
  }

  private static SpanConditions compare(FieldExpr field, BinaryOp op, Value v) {
    if (field instanceof IntrinsicRef i && i.intrinsic() == Intrinsic.DURATION && v.type().isNumeric()) {
      return duration(op, v.asLong());
    }
    if (op != BinaryOp.EQ) {
      return SpanConditions.NONE;
    }
    if (field instanceof IntrinsicRef i && i.intrinsic() == Intrinsic.NAME && v.type() == ValueType.STRING) {
      return new SpanConditions(null, v.asString(), java.util.Map.of(), 0, 0);
    }
    if (!(field instanceof AttributeRef a) || !exactText(v)) {
      return SpanConditions.NONE;
    }
    String key = a.name();
    switch (a.scope()) {
      case RESOURCE:
        if (key.equals(SpanFields.SERVICE_NAME)) {
          return v.type() == ValueType.STRING ? new SpanConditions(v.asString(), null, java.util.Map.of(), 0, 0)
              : SpanConditions.NONE;
        }
        break;
      case UNSCOPED:
        if (key.equals(SpanFields.SERVICE_NAME)) {
          return SpanConditions.NONE; // a span tag or the service: neither is necessary
        }
        break;
      case SPAN:
        if (key.startsWith(SpanFields.SCOPE_PREFIX)) {
          return SpanConditions.NONE;
        }
        break;
      case INSTRUMENTATION:
        key = SpanFields.SCOPE_PREFIX + key;
        break;
      case EVENT:
        break;
      default:
        return SpanConditions.NONE;
    }
    return new SpanConditions(null, null, java.util.Map.of(key, v.tagText()), 0, 0);
  }

  private static boolean exactText(Value v) {
    return switch (v.type()) {
      case STRING, BOOL -> true;
      case INT -> Math.abs(v.asLong()) < EXACT_TEXT && v.asLong() != Long.MIN_VALUE;
      default -> false;
    };
  }

  /** Bounds in microseconds on a span's duration (in whole microseconds) from a bound in nanoseconds. */
  private static SpanConditions duration(BinaryOp op, long nanos) {
    long min = 0;
    long max = 0;
    switch (op) {
      case GT -> min = Math.floorDiv(nanos, 1000) + 1;
      case GTE -> min = -Math.floorDiv(-nanos, 1000);
      case LT -> max = -Math.floorDiv(-nanos, 1000) - 1;
      case LTE -> max = Math.floorDiv(nanos, 1000);
      case EQ -> {
        if (nanos % 1000 != 0) {
          return SpanConditions.NONE;
        }
        min = nanos / 1000;
        max = nanos / 1000;
      }
      default -> {
        return SpanConditions.NONE;
      }
    }
    // Zero means "no bound" to a store; a bound at or below zero is no help either.
    return new SpanConditions(null, null, java.util.Map.of(), Math.max(0, min), Math.max(0, max));
  }

  private static BinaryOp flip(BinaryOp op) {
    return switch (op) {
      case LT -> BinaryOp.GT;
      case LTE -> BinaryOp.GTE;
      case GT -> BinaryOp.LT;
      case GTE -> BinaryOp.LTE;
      default -> op;
    };
  }
}
