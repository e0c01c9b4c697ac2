package io.weft.traceql;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Field expressions, by recursive descent over TraceQL's precedence (loosest first): {@code && ||}
 * (one level, left to right, as in Tempo's grammar); comparisons; {@code + -}; unary {@code -};
 * {@code !}; {@code * / %}; {@code ^} (right to left). Types are checked where they are known
 * (literals, intrinsics), so {@code { name = 5 }} fails here and not on every span.
 */
final class FieldParser {
  static final String OPERAND = "a value, an attribute or an intrinsic";

  private final TokenStream in;

  FieldParser(TokenStream in) {
    this.in = in;
  }

  /** A whole condition: a boolean, or of a type only the data tells (an attribute). */
  FieldExpr condition() {
    Token start = in.peek();
    FieldExpr e = orAnd();
    if (e.type() != null && e.type() != ValueType.BOOL) {
      throw new ParseException(start.line(), start.column(), "a condition (a comparison or a boolean)",
          article(e.type()) + " expression");
    }
    return e;
  }

  FieldExpr orAnd() {
    FieldExpr l = comparison();
    while (in.at(TokenKind.AND) || in.at(TokenKind.OR)) {
      Token op = in.next();
      FieldExpr r = comparison();
      requireBool(op, l);
      requireBool(op, r);
      l = new BinaryExpr(BinaryOp.of(op.kind()), l, r, null);
    }
    return l;
  }

  private FieldExpr comparison() {
    FieldExpr l = additive();
    while (isComparison(in.peek().kind())) {
      Token op = in.next();
      FieldExpr r = additive();
      l = compare(op, l, r);
    }
    return l;
  }

  static boolean isComparison(TokenKind k) {
    return k == TokenKind.EQ || k == TokenKind.NEQ || k == TokenKind.LT || k == TokenKind.LTE || k == TokenKind.GT
        || k == TokenKind.GTE || k == TokenKind.RE || k == TokenKind.NRE;
  }

  private FieldExpr compare(Token opToken, FieldExpr l, FieldExpr r) {
    BinaryOp op = BinaryOp.of(opToken.kind());
    boolean lNil = isNil(l);
    boolean rNil = isNil(r);
    if (lNil || rNil) {
      if (op != BinaryOp.EQ && op != BinaryOp.NEQ) {
        throw TokenStream.error(opToken, "'=' or '!=' next to nil");
      }
      if (lNil && rNil) {
        return new Literal(Value.FALSE);
      }
      return new ExistsExpr(lNil ? r : l, op == BinaryOp.NEQ);
    }
    if (op == BinaryOp.EQ || op == BinaryOp.NEQ) {
      l = Keywords.idLiteral(l, r);
      r = Keywords.idLiteral(r, l);
    }
    ValueType lt = l.type();
    ValueType rt = r.type();
    if (lt != null && rt != null && !BinaryOp.comparable(lt, rt)) {
      throw new ParseException(opToken.line(), opToken.column(), "operands of matching types around '" + op.symbol
          + "'", article(lt) + " and " + article(rt));
    }
    Pattern regex = null;
    if (op == BinaryOp.RE || op == BinaryOp.NRE) {
      if ((lt != null && lt != ValueType.STRING) || (rt != null && rt != ValueType.STRING)) {
        throw new ParseException(opToken.line(), opToken.column(), "strings on both sides of '" + op.symbol + "'",
            article(lt != null && lt != ValueType.STRING ? lt : rt));
      }
      if (r instanceof Literal lit) {
        try {
          regex = Regexes.compileStrict(lit.value().asString());
        } catch (PatternSyntaxException e) {
          throw new ParseException(opToken.line(), opToken.column(), "a valid regular expression after '"
              + op.symbol + "'", "\"" + lit.value().asString() + "\" (" + e.getDescription() + ")");
        }
      }
    }
    return new BinaryExpr(op, l, r, regex);
  }

  private FieldExpr additive() {
    FieldExpr l = signed();
    while (in.at(TokenKind.ADD) || in.at(TokenKind.SUB)) {
      Token op = in.next();
      l = arithmetic(op, l, signed());
    }
    return l;
  }

  private FieldExpr signed() {
    if (in.at(TokenKind.SUB)) {
      Token minus = in.next();
      FieldExpr operand = signed();
      if (operand instanceof Literal lit && lit.type() != null && lit.type().isNumeric()) {
        return new Literal(Keywords.negate(lit.value()));
      }
      requireNumeric(minus, operand);
      return new UnaryExpr(true, operand);
    }
    return not();
  }

  private FieldExpr not() {
    if (in.at(TokenKind.NOT)) {
      Token bang = in.next();
      FieldExpr operand = not();
      requireBool(bang, operand);
      return new UnaryExpr(false, operand);
    }
    return multiplicative();
  }

  private FieldExpr multiplicative() {
    FieldExpr l = power();
    while (in.at(TokenKind.MUL) || in.at(TokenKind.DIV) || in.at(TokenKind.MOD)) {
      Token op = in.next();
      l = arithmetic(op, l, power());
    }
    return l;
  }

  private FieldExpr power() {
    FieldExpr base = primary();
    if (in.at(TokenKind.POW)) {
      Token op = in.next();
      return arithmetic(op, base, powerOperand());
    }
    return base;
  }

  private FieldExpr powerOperand() {
    if (in.at(TokenKind.SUB)) {
      Token minus = in.next();
      FieldExpr operand = powerOperand();
      requireNumeric(minus, operand);
      return operand instanceof Literal lit ? new Literal(Keywords.negate(lit.value())) : new UnaryExpr(true, operand);
    }
    return power();
  }

  private FieldExpr arithmetic(Token op, FieldExpr l, FieldExpr r) {
    requireNumeric(op, l);
    requireNumeric(op, r);
    return new BinaryExpr(BinaryOp.of(op.kind()), l, r, null);
  }

  private FieldExpr primary() {
    Token t = in.peek();
    switch (t.kind()) {
      case OPEN_PARENS -> {
        in.next();
        FieldExpr e = orAnd();
        in.expect(TokenKind.CLOSE_PARENS, "')' or an operator");
        return e;
      }
      case STRING -> {
        in.next();
        return new Literal(Value.ofString(t.str()));
      }
      case INTEGER -> {
        in.next();
        return new Literal(Value.ofInt(t.num()));
      }
      case FLOAT -> {
        in.next();
        return new Literal(Value.ofFloat(t.fl()));
      }
      case DURATION -> {
        in.next();
        return new Literal(Value.ofDuration(t.num()));
      }
      case ATTRIBUTE -> {
        in.next();
        return new AttributeRef(Scope.of(t.scope()), t.str());
      }
      case SCOPED_INTRINSIC -> {
        Intrinsic i = Intrinsic.named(t.text());
        if (i == null) {
          throw TokenStream.error(t, "a known intrinsic (span:name, trace:duration, event:name, ...)");
        }
        in.next();
        return new IntrinsicRef(i, t.text());
      }
      case IDENTIFIER -> {
        FieldExpr e = Keywords.word(t);
        if (e == null) {
          throw TokenStream.error(t, OPERAND);
        }
        in.next();
        return e;
      }
      default -> throw in.error(OPERAND);
    }
  }



  private static boolean isNil(FieldExpr e) {
    return e instanceof Literal l && l.value().isNil();
  }


  private static void requireBool(Token op, FieldExpr e) {
    if (e.type() != null && e.type() != ValueType.BOOL) {
      throw new ParseException(op.line(), op.column(), "boolean operands of '" + op.kind().spelling + "'",
          article(e.type()));
    }
  }

  private static void requireNumeric(Token op, FieldExpr e) {
    if (e.type() != null && !e.type().isNumeric()) {
      throw new ParseException(op.line(), op.column(), "numeric operands of '" + op.kind().spelling + "'",
          article(e.type()));
    }
  }

  /** "an int", "a string". */
  static String article(ValueType t) {
    return (t == ValueType.INT ? "an " : "a ") + t.apiName();
  }
}
