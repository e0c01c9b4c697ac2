package io.weft.traceql;

import java.util.ArrayList;
import java.util.List;

/**
 * TraceQL's pipelines by recursive descent. A query is a pipeline of elements joined by
 * {@code |}; an element is a spanset expression, a scalar filter ({@code count() > 3}),
 * {@code by(f)}, {@code select(f, ...)} or {@code coalesce()}. In a spanset expression the
 * structural operators bind tighter than {@code &&} and {@code ||} (all left to right), and an
 * operand is a filter <code>{ ... }</code> or a parenthesised pipeline. A trailing
 * {@code with (name = value, ...)} of query hints is read and ignored.
 */
final class Parser {
  private static final String ELEMENT = "'{', '(', an aggregate (count(), avg(...) ...), by(...), select(...) or coalesce()";

  private final TokenStream in;
  private final FieldParser fields;
  private final ScalarParser scalars;
  /** Every field the query names, in order: shown with matched spans. */
  private final List<FieldExpr> referenced = new ArrayList<>();

  private Parser(List<Token> tokens) {
    this.in = new TokenStream(tokens);
    this.fields = new FieldParser(in);
    this.scalars = new ScalarParser(in, this::field);
  }

  static Query parse(String text) {
    Parser p = new Parser(Lexer.tokens(text));
    Stage root = p.pipeline();
    p.hints();
    if (!p.in.at(TokenKind.EOF)) {
      throw p.in.error("'|', '&&', '||', a structural operator or the end of the query");
    }
    return new Query(text, root, p.referenced);
  }

  private Stage pipeline() {
    List<Stage> stages = new ArrayList<>();
    stages.add(element());
    while (in.at(TokenKind.PIPE)) {
      in.next();
      stages.add(element());
    }
    return stages.size() == 1 ? stages.get(0) : new Pipeline(stages);
  }

  private Stage element() {
    Token t = in.peek();
    if (t.isWord("by")) {
      in.next();
      in.expect(TokenKind.OPEN_PARENS, "'(' after by");
      FieldExpr f = field();
      in.expect(TokenKind.CLOSE_PARENS, "')'");
      return new GroupBy(f);
    }
    if (t.isWord("coalesce")) {
      in.next();
      in.expect(TokenKind.OPEN_PARENS, "'(' after coalesce");
      in.expect(TokenKind.CLOSE_PARENS, "')'");
      return new Coalesce();
    }
    if (t.isWord("select")) {
      in.next();
      in.expect(TokenKind.OPEN_PARENS, "'(' after select");
      List<FieldExpr> selected = new ArrayList<>();
      selected.add(field());
      while (in.at(TokenKind.COMMA)) {
        in.next();
        selected.add(field());
      }
      in.expect(TokenKind.CLOSE_PARENS, "',' or ')'");
      return new Select(selected);
    }
    if (startsScalar(t)) {
      return scalars.filter();
    }
    if (t.kind() == TokenKind.OPEN_PARENS) {
      // A parenthesised pipeline, or a scalar expression such as (count() + 1) > 2: try the first.
      int mark = in.mark();
      try {
        return spansetExpression();
      } catch (ParseException asSpansets) {
        int far = in.mark();
        in.reset(mark);
        try {
          return scalars.filter();
        } catch (ParseException asScalar) {
          throw far >= in.mark() ? asSpansets : asScalar;
        }
      }
    }
    if (t.kind() == TokenKind.OPEN_BRACE) {
      return spansetExpression();
    }
    throw in.error(ELEMENT);
  }

  private static boolean startsScalar(Token t) {
    return (t.kind() == TokenKind.IDENTIFIER && ScalarParser.AGGREGATES.contains(t.str())) || t.kind() == TokenKind.INTEGER
        || t.kind() == TokenKind.FLOAT || t.kind() == TokenKind.DURATION || t.kind() == TokenKind.SUB;
  }

  private Stage spansetExpression() {
    Stage l = structural();
    while (in.at(TokenKind.AND) || in.at(TokenKind.OR)) {
      Token op = in.next();
      l = new SpansetOperation(SpansetOp.of(op.kind()), l, structural());
    }
    return l;
  }

  private Stage structural() {
    Stage l = spansetOperand();
    while (isStructural(in.peek().kind())) {
      Token op = in.next();
      Stage r = spansetOperand();
      if (l.mayGroup() || r.mayGroup()) {
        throw new ParseException(op.line(), op.column(), "no by() on either side of '" + op.kind().spelling
            + "' (end the grouped side with | coalesce())", "a grouped spanset");
      }
      l = new SpansetOperation(SpansetOp.of(op.kind()), l, r);
    }
    return l;
  }

  private static boolean isStructural(TokenKind k) {
    SpansetOp op = SpansetOp.of(k);
    return op != null && !op.isLogical();
  }

  private Stage spansetOperand() {
    if (in.at(TokenKind.OPEN_BRACE)) {
      in.next();
      if (in.at(TokenKind.CLOSE_BRACE)) {
        in.next();
        return new SpansetFilter(null);
      }
      FieldExpr condition = fields.condition();
      collect(condition);
      in.expect(TokenKind.CLOSE_BRACE, "'}' or an operator");
      return new SpansetFilter(condition);
    }
    if (in.at(TokenKind.OPEN_PARENS)) {
      in.next();
      Stage inner = pipeline();
      in.expect(TokenKind.CLOSE_PARENS, "')', '|' or a spanset operator");
      return inner;
    }
    throw in.error("'{' or '('");
  }

  private FieldExpr field() {
    FieldExpr f = fields.orAnd();
    collect(f);
    return f;
  }

  /** Remembers the attributes and intrinsics a query names, to show them with matched spans. */
  private void collect(FieldExpr e) {
    if (e instanceof AttributeRef || e instanceof IntrinsicRef) {
      if (!referenced.contains(e)) {
        referenced.add(e);
      }
    } else if (e instanceof BinaryExpr b) {
      collect(b.lhs());
      collect(b.rhs());
    } else if (e instanceof UnaryExpr u) {
      collect(u.operand());
    } else if (e instanceof ExistsExpr x) {
      collect(x.operand());
    }
  }

  /** {@code with (most_recent = true, ...)}: Tempo's query hints; Weft always returns the newest traces. */
  private void hints() {
    if (!in.atWord("with")) {
      return;
    }
    in.next();
    in.expect(TokenKind.OPEN_PARENS, "'(' after with");
    do {
      if (in.at(TokenKind.COMMA)) {
        in.next();
      }
      in.expect(TokenKind.IDENTIFIER, "a hint name");
      in.expect(TokenKind.EQ, "'='");
      fields.orAnd();
    } while (in.at(TokenKind.COMMA));
    in.expect(TokenKind.CLOSE_PARENS, "',' or ')'");
  }
}
