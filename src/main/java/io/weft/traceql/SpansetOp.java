package io.weft.traceql;

/**
 * Operators between spansets. Structural ones answer spans of the right-hand side (and with
 * {@code &}, of both sides) by their relation to the left-hand side's spans.
 */
enum SpansetOp {
  AND("&&"), UNION("||"),
  CHILD(">"), PARENT("<"), DESCENDANT(">>"), ANCESTOR("<<"), SIBLING("~"),
  NOT_CHILD("!>"), NOT_PARENT("!<"), NOT_DESCENDANT("!>>"), NOT_ANCESTOR("!<<"), NOT_SIBLING("!~"),
  UNION_CHILD("&>"), UNION_PARENT("&<"), UNION_DESCENDANT("&>>"), UNION_ANCESTOR("&<<"), UNION_SIBLING("&~");

  final String symbol;

  SpansetOp(String symbol) {
    this.symbol = symbol;
  }

  boolean isLogical() {
    return this == AND || this == UNION;
  }

  /** The relation a structural operator tests: child, parent, descendant, ancestor or sibling. */
  SpansetOp relation() {
    return switch (this) {
      case CHILD, NOT_CHILD, UNION_CHILD -> CHILD;
      case PARENT, NOT_PARENT, UNION_PARENT -> PARENT;
      case DESCENDANT, NOT_DESCENDANT, UNION_DESCENDANT -> DESCENDANT;
      case ANCESTOR, NOT_ANCESTOR, UNION_ANCESTOR -> ANCESTOR;
      case SIBLING, NOT_SIBLING, UNION_SIBLING -> SIBLING;
      default -> null;
    };
  }

  boolean negated() {
    return name().startsWith("NOT_");
  }

  boolean union() {
    return name().startsWith("UNION_");
  }

  static SpansetOp of(TokenKind k) {
    return switch (k) {
      case AND -> AND;
      case OR -> UNION;
      case GT -> CHILD;
      case LT -> PARENT;
      case DESC -> DESCENDANT;
      case ANCE -> ANCESTOR;
      case SIBL -> SIBLING;
      case NOT_CHILD -> NOT_CHILD;
      case NOT_PARENT -> NOT_PARENT;
      case NOT_DESC -> NOT_DESCENDANT;
      case NOT_ANCE -> NOT_ANCESTOR;
      case NRE -> NOT_SIBLING;
      case UNION_CHILD -> UNION_CHILD;
      case UNION_PARENT -> UNION_PARENT;
      case UNION_DESC -> UNION_DESCENDANT;
      case UNION_ANCE -> UNION_ANCESTOR;
      case UNION_SIBL -> UNION_SIBLING;
      default -> null;
    };
  }
}
