package io.weft.traceql;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Scalar filters of a pipeline ({@code count() > 3}, {@code avg(duration) >= 20ms},
 * {@code (sum(.bytes) / 1024) > 10}): aggregates, numbers and durations with {@code + - * / % ^},
 * compared with {@code = != < <= > >=}.
 */
final class ScalarParser {
  static final Set<String> AGGREGATES = Set.of("count", "avg", "min", "max", "sum");

  private final TokenStream in;
  /** Parses an aggregate's field (and records it as named by the query). */
  private final Supplier<FieldExpr> field;

  ScalarParser(TokenStream in, Supplier<FieldExpr> field) {
    this.in = in;
    this.field = field;
  }

  /** {@code aggregate-expression comparison aggregate-expression}; one side must hold an aggregate. */
  Stage filter() {
    ScalarExpr l = scalarSum();
    if (!FieldParser.isComparison(in.peek().kind()) || in.at(TokenKind.RE) || in.at(TokenKind.NRE)) {
      throw in.error("a comparison (=, !=, <, <=, >, >=)");
    }
    Token op = in.next();
    ScalarExpr r = scalarSum();
    if (l.aggregates().isEmpty() && r.aggregates().isEmpty()) {
      throw TokenStream.error(op, "an aggregate (count(), avg(...) ...) on one side of '" + op.kind().spelling + "'");
    }
    return new ScalarFilter(BinaryOp.of(op.kind()), l, r);
  }

  private ScalarExpr scalarSum() {
    ScalarExpr l = scalarProduct();
    while (in.at(TokenKind.ADD) || in.at(TokenKind.SUB)) {
      Token op = in.next();
      l = new ScalarBinary(BinaryOp.of(op.kind()), l, scalarProduct());
    }
    return l;
  }

  private ScalarExpr scalarProduct() {
    ScalarExpr l = scalarUnary();
    while (in.at(TokenKind.MUL) || in.at(TokenKind.DIV) || in.at(TokenKind.MOD) || in.at(TokenKind.POW)) {
      Token op = in.next();
      l = new ScalarBinary(BinaryOp.of(op.kind()), l, scalarUnary());
    }
    return l;
  }

  private ScalarExpr scalarUnary() {
    if (in.at(TokenKind.SUB)) {
      in.next();
      return new ScalarBinary(BinaryOp.SUB, new ScalarLiteral(Value.ofInt(0)), scalarUnary());
    }
    Token t = in.peek();
    switch (t.kind()) {
      case INTEGER -> {
        in.next();
        return new ScalarLiteral(Value.ofInt(t.num()));
      }
      case FLOAT -> {
        in.next();
        return new ScalarLiteral(Value.ofFloat(t.fl()));
      }
      case DURATION -> {
        in.next();
        return new ScalarLiteral(Value.ofDuration(t.num()));
      }
      case OPEN_PARENS -> {
        in.next();
        ScalarExpr e = scalarSum();
        in.expect(TokenKind.CLOSE_PARENS, "')' or an operator");
        return e;
      }
      default -> {
        return aggregate();
      }
    }
  }

  private Aggregate aggregate() {
    Token t = in.peek();
    if (t.kind() != TokenKind.IDENTIFIER || !AGGREGATES.contains(t.str())) {
      throw in.error("an aggregate (count(), avg(...), min(...), max(...), sum(...)) or a number");
    }
    in.next();
    in.expect(TokenKind.OPEN_PARENS, "'(' after " + t.str());
    Aggregate.Kind kind = Aggregate.Kind.valueOf(t.str().toUpperCase(java.util.Locale.ROOT));
    FieldExpr f = null;
    if (kind != Aggregate.Kind.COUNT) {
      f = field.get();
    }
    in.expect(TokenKind.CLOSE_PARENS, "')'");
    return new Aggregate(kind, f);
  }
}
