package io.weft.traceql;

/**
 * One token with where it starts (1-based line and column). {@code text} is the source text;
 * {@code str} the decoded string, attribute name or word; {@code num} an integer or a duration in
 * nanoseconds; {@code fl} a float. For an attribute {@code scope} is its scope prefix
 * ({@code ""} for {@code .name}), for a scoped intrinsic the part before the colon.
 */
record Token(TokenKind kind, String text, int line, int column, String scope, String str, long num, double fl) {

  static Token of(TokenKind kind, String text, int line, int column) {
    return new Token(kind, text, line, column, null, null, 0, 0);
  }

  /** How an error message names this token. */
  String describe() {
    return switch (kind) {
      case EOF -> "end of query";
      case STRING -> "string " + text;
      case INTEGER, FLOAT, DURATION -> "number " + text;
      case IDENTIFIER -> "'" + text + "'";
      case ATTRIBUTE -> "attribute " + text;
      case SCOPED_INTRINSIC -> "intrinsic " + text;
      default -> "'" + kind.spelling + "'";
    };
  }

  boolean isWord(String w) {
    return kind == TokenKind.IDENTIFIER && str.equals(w);
  }
}
