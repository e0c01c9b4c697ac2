package io.weft.traceql;

import java.util.List;

/** The parser's cursor over the tokens, with the errors it raises naming what it found. */
final class TokenStream {
  private final List<Token> tokens;
  private int pos;

  TokenStream(List<Token> tokens) {
    this.tokens = tokens;
  }

  Token peek() {
    return tokens.get(pos);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  boolean at(TokenKind k) {
    return peek().kind() == k;
  }

  boolean atWord(String w) {
    return peek().isWord(w);
  }

  Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != TokenKind.EOF) {
      pos++;
    }
    return t;
  }

  /** Consumes a token of kind {@code k}, or fails saying {@code expected}. */
  Token expect(TokenKind k, String expected) {
    if (!at(k)) {
      throw error(expected);
    }
    return next();
  }

  void expectWord(String w) {
    if (!atWord(w)) {
      throw error("'" + w + "'");
    }
    next();
  }

  int mark() {
    return pos;
  }

  void reset(int mark) {
    pos = mark;
  }

  ParseException error(String expected) {
    return error(peek(), expected);
  }

  static ParseException error(Token at, String expected) {
    return new ParseException(at.line(), at.column(), expected, at.describe());
  }
}
