package io.weft.traceql;

/**
 * The structural operators on one trace: which right-hand spans stand in a relation (child,
 * parent, descendant, ancestor, sibling) to some left-hand span, and for the union operators the
 * left-hand spans at the other end. Linear in the trace's size (times its depth for descendants
 * and ancestors), so wide traces cost no more than deep ones.
 */
final class Relations {
  private Relations() {}

  /** The answer of {@code lhs op rhs} (positions, ascending), where op is structural. */
  static int[] apply(SpansetOp op, int[] lhs, int[] rhs, TraceView t) {
    int n = t.size();
    boolean[] kept = new boolean[n];
    Side left = new Side(lhs, t);
    for (int r : rhs) {
      if (left.related(op.relation(), r) != op.negated()) {
        kept[r] = true;
      }
    }
    boolean[] otherEnd = new boolean[n];
    if (op.union()) {
      Side right = new Side(positions(kept), t);
      SpansetOp inverse = inverse(op.relation());
      for (int l : lhs) {
        // l is at the other end: the parent of a kept child, the child of a kept parent ...
        otherEnd[l] = right.related(inverse, l);
      }
    }
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (kept[i] || otherEnd[i]) {
        count++;
      }
    }
    int[] out = new int[count];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (kept[i] || otherEnd[i]) {
        out[k++] = i;
      }
    }
    return out;
  }

  /** x is a child of some y exactly when y is a parent of x; siblings are mutual. */
  private static SpansetOp inverse(SpansetOp relation) {
    return switch (relation) {
      case CHILD -> SpansetOp.PARENT;
      case PARENT -> SpansetOp.CHILD;
      case DESCENDANT -> SpansetOp.ANCESTOR;
      case ANCESTOR -> SpansetOp.DESCENDANT;
      default -> SpansetOp.SIBLING;
    };
  }

  private static int[] positions(boolean[] marked) {
    int c = 0;
    for (boolean b : marked) {
      if (b) {
        c++;
      }
    }
    int[] out = new int[c];
    int k = 0;
    for (int i = 0; i < marked.length; i++) {
      if (marked[i]) {
        out[k++] = i;
      }
    }
    return out;
  }

  /** One side's spans, with what each relation needs precomputed once. */
  private static final class Side {
    private final TraceView t;
    private final int[] spans;
    private boolean[] members;
    private int[] childrenInSide;
    private boolean[] ancestors;
    private boolean[] descendants;

    Side(int[] spans, TraceView t) {
      this.spans = spans;
      this.t = t;
    }

    /** Whether span x is a {@code relation} of some span of this side (x a child of one of them ...). */
    boolean related(SpansetOp relation, int x) {
      return switch (relation) {
        case CHILD -> t.parent(x) >= 0 && members()[t.parent(x)];
        case PARENT -> childrenInSide()[x] > 0;
        case DESCENDANT -> descendants()[x];
        case ANCESTOR -> ancestors()[x];
        default -> {
          int p = t.parent(x);
          yield p >= 0 && childrenInSide()[p] - (members()[x] ? 1 : 0) > 0;
        }
      };
    }

    private boolean[] members() {
      if (members == null) {
        members = new boolean[t.size()];
        for (int s : spans) {
          members[s] = true;
        }
      }
      return members;
    }

    /** Per span, how many of its children are on this side. */
    private int[] childrenInSide() {
      if (childrenInSide == null) {
        childrenInSide = new int[t.size()];
        for (int s : spans) {
          if (t.parent(s) >= 0) {
            childrenInSide[t.parent(s)]++;
          }
        }
      }
      return childrenInSide;
    }

    /** The descendants of this side's spans. */
    private boolean[] descendants() {
      if (descendants == null) {
        descendants = t.descendantsOf(members());
      }
      return descendants;
    }

    /** The ancestors of this side's spans, each walk stopping where an earlier one went. */
    private boolean[] ancestors() {
      if (ancestors == null) {
        ancestors = new boolean[t.size()];
        for (int s : spans) {
          int p = t.parent(s);
          for (int steps = 0; p >= 0 && !ancestors[p] && steps < t.size(); steps++) {
            ancestors[p] = true;
            p = t.parent(p);
          }
        }
      }
      return ancestors;
    }
  }
}
