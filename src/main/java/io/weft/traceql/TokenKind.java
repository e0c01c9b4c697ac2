package io.weft.traceql;

/** Kinds of TraceQL tokens; operators carry their spelling. */
enum TokenKind {
  OPEN_BRACE("{"), CLOSE_BRACE("}"), OPEN_PARENS("("), CLOSE_PARENS(")"), COMMA(","),
  EQ("="), NEQ("!="), RE("=~"), NRE("!~"), GT(">"), GTE(">="), LT("<"), LTE("<="),
  ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"),
  AND("&&"), OR("||"), NOT("!"), PIPE("|"),
  DESC(">>"), ANCE("<<"), SIBL("~"), NOT_CHILD("!>"), NOT_PARENT("!<"), NOT_DESC("!>>"), NOT_ANCE("!<<"),
  UNION_CHILD("&>"), UNION_PARENT("&<"), UNION_DESC("&>>"), UNION_ANCE("&<<"), UNION_SIBL("&~"),
  STRING("a string"), INTEGER("an integer"), FLOAT("a number"), DURATION("a duration"),
  /** A word: a keyword (true, error, server, count, by ...) or an intrinsic (name, duration ...). */
  IDENTIFIER("a word"),
  /** {@code span:name}, {@code trace:duration}: a scope, a colon and a word, as one token. */
  SCOPED_INTRINSIC("an intrinsic"),
  /** {@code .name}, {@code span.http.method}, {@code resource."a b"}: a scope and a name, as one token. */
  ATTRIBUTE("an attribute"),
  EOF("end of query");

  final String spelling;

  TokenKind(String spelling) {
    this.spelling = spelling;
  }
}
