package io.weft.traceql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a TraceQL query into tokens, as Tempo's lexer does: literals ({@link Literals});
 * attributes as one token, a scope prefix ({@code .} {@code span.} {@code resource.}
 * {@code event.} {@code link.} {@code instrumentation.}) and a name that runs until whitespace or
 * one of <code>{}()=~!&lt;&gt;&amp;|^,</code> (or a quoted part, {@code span."a b"}); scoped
 * intrinsics ({@code span:name}) as one token; operators longest first.
 */
final class Lexer {
  static final Set<String> ATTRIBUTE_SCOPES = Set.of("span", "resource", "event", "link", "instrumentation");
  static final Set<String> INTRINSIC_SCOPES = Set.of("span", "trace", "event", "link", "instrumentation");
  private static final String[] OPERATORS = {
      "!>>", "!<<", "&>>", "&<<",
      "!=", "=~", "!~", ">=", "<=", "&&", "||", ">>", "<<", "!>", "!<", "&>", "&<", "&~",
      "{", "}", "(", ")", ",", "=", ">", "<", "+", "-", "*", "/", "%", "^", "!", "|", "~"};

  private final Source s;

  private Lexer(String text) {
    this.s = new Source(text);
  }

  static List<Token> tokens(String text) {
    Lexer l = new Lexer(text);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = l.next();
      out.add(t);
    } while (t.kind() != TokenKind.EOF);
    return out;
  }

  private Token next() {
    while (s.more() && Character.isWhitespace(s.peek(0))) {
      s.newline(s.peek(0), s.pos);
      s.pos++;
    }
    int line = s.line;
    int col = s.column(s.pos);
    if (!s.more()) {
      return Token.of(TokenKind.EOF, "", line, col);
    }
    char c = s.peek(0);
    if (c == '"' || c == '`') {
      return Literals.string(s, line, col);
    }
    if (Character.isDigit(c) || (c == '.' && Character.isDigit(s.peek(1)))) {
      return Literals.number(s, line, col);
    }
    if (c == '.') {
      s.pos++;
      return attribute("", line, col, s.pos - 1);
    }
    if (Character.isLetter(c) || c == '_') {
      return word(line, col);
    }
    for (String op : OPERATORS) {
      if (s.text.startsWith(op, s.pos)) {
        s.pos += op.length();
        return Token.of(operator(op), op, line, col);
      }
    }
    throw s.error("a token");
  }

  private static TokenKind operator(String op) {
    for (TokenKind k : TokenKind.values()) {
      if (k.spelling.equals(op)) {
        return k;
      }
    }
    throw new IllegalStateException(op);
  }

  private String identifier() {
    int start = s.pos;
    while (Character.isLetterOrDigit(s.peek(0)) || s.peek(0) == '_') {
      s.pos++;
    }
    return s.text.substring(start, s.pos);
  }

  private Token word(int line, int col) {
    int start = s.pos;
    String w = identifier();
    if (s.peek(0) == '.' && ATTRIBUTE_SCOPES.contains(w)) {
      s.pos++;
      return attribute(w, line, col, start);
    }
    if (s.peek(0) == ':' && INTRINSIC_SCOPES.contains(w)) {
      s.pos++;
      String name = identifier();
      if (name.isEmpty()) {
        throw s.error("an intrinsic name after '" + w + ":'");
      }
      return new Token(TokenKind.SCOPED_INTRINSIC, s.text.substring(start, s.pos), line, col, w, name, 0, 0);
    }
    return new Token(TokenKind.IDENTIFIER, w, line, col, null, w, 0, 0);
  }

  /** The name after a scope prefix: attribute characters and quoted parts. */
  private Token attribute(String scope, int line, int col, int start) {
    StringBuilder name = new StringBuilder();
    while (s.more()) {
      char c = s.peek(0);
      if (c == '"') {
        name.append(Literals.quotedName(s));
      } else if (isAttributeChar(c)) {
        name.append(c);
        s.pos++;
      } else {
        break;
      }
    }
    if (name.length() == 0) {
      throw s.error("an attribute name after '" + scope + ".'");
    }
    return new Token(TokenKind.ATTRIBUTE, s.text.substring(start, s.pos), line, col, scope, name.toString(), 0, 0);
  }

  static boolean isAttributeChar(char c) {
    if (Character.isWhitespace(c)) {
      return false;
    }
    return "{}()=~!<>&|^,".indexOf(c) < 0;
  }
}
