package io.weft.traceql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a TraceQL query into tokens, as Tempo's lexer does: strings in double quotes (Go
 * escapes) or backquotes (raw); integers, floats and durations ({@code 150ms}, {@code 1h30m});
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

  private final String src;
  private int pos;
  private int line = 1;
  private int lineStart;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokens(String src) {
    Lexer l = new Lexer(src);
    List<Token> out = new ArrayList<>();
    Token t;
    do {
      t = l.next();
      out.add(t);
    } while (t.kind() != TokenKind.EOF);
    return out;
  }

  private Token next() {
    skipSpace();
    int startLine = line;
    int startCol = column(pos);
    if (pos >= src.length()) {
      return Token.of(TokenKind.EOF, "", startLine, startCol);
    }
    char c = src.charAt(pos);
    if (c == '"' || c == '`') {
      return string(startLine, startCol);
    }
    if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
      return number(startLine, startCol);
    }
    if (c == '.') {
      pos++;
      return attribute("", startLine, startCol, pos - 1);
    }
    if (Character.isLetter(c) || c == '_') {
      return word(startLine, startCol);
    }
    for (String op : OPERATORS) {
      if (src.startsWith(op, pos)) {
        pos += op.length();
        return Token.of(operator(op), op, startLine, startCol);
      }
    }
    throw new ParseException(startLine, startCol, "a token", "'" + new String(Character.toChars(src.codePointAt(pos))) + "'");
  }

  private static TokenKind operator(String op) {
    for (TokenKind k : TokenKind.values()) {
      if (k.spelling.equals(op)) {
        return k;
      }
    }
    throw new IllegalStateException(op);
  }

  private Token word(int startLine, int startCol) {
    int start = pos;
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    String w = src.substring(start, pos);
    if (pos < src.length() && src.charAt(pos) == '.' && ATTRIBUTE_SCOPES.contains(w)) {
      pos++;
      return attribute(w, startLine, startCol, start);
    }
    if (pos < src.length() && src.charAt(pos) == ':' && INTRINSIC_SCOPES.contains(w)) {
      pos++;
      int nameStart = pos;
      while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
      String name = src.substring(nameStart, pos);
      if (name.isEmpty()) {
        throw new ParseException(line, column(pos), "an intrinsic name after '" + w + ":'", found());
      }
      return new Token(TokenKind.SCOPED_INTRINSIC, src.substring(start, pos), startLine, startCol, w, name, 0, 0);
    }
    return new Token(TokenKind.IDENTIFIER, w, startLine, startCol, null, w, 0, 0);
  }

  /** The name after a scope prefix: attribute runes and quoted parts. */
  private Token attribute(String scope, int startLine, int startCol, int start) {
    StringBuilder name = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '"') {
        name.append(quotedName());
      } else if (isAttributeChar(c)) {
        name.append(c);
        pos++;
      } else {
        break;
      }
    }
    if (name.length() == 0) {
      throw new ParseException(line, column(pos), "an attribute name after '" + (scope.isEmpty() ? "" : scope) + ".'",
          found());
    }
    return new Token(TokenKind.ATTRIBUTE, src.substring(start, pos), startLine, startCol, scope, name.toString(), 0, 0);
  }

  /** A quoted part of an attribute name: only \" and \\ are escapes, as in Tempo. */
  private String quotedName() {
    int qLine = line;
    int qCol = column(pos);
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        if (pos < src.length() && (src.charAt(pos) == '"' || src.charAt(pos) == '\\')) {
          sb.append(src.charAt(pos++));
          continue;
        }
        throw new ParseException(line, column(pos - 1), "\\\" or \\\\ in a quoted attribute name", found());
      }
      newline(c, pos - 1);
      sb.append(c);
    }
    throw new ParseException(qLine, qCol, "a closing '\"' of the attribute name", "end of query");
  }

  static boolean isAttributeChar(char c) {
    if (Character.isWhitespace(c)) {
      return false;
    }
    return "{}()=~!<>&|^,".indexOf(c) < 0;
  }

  private Token string(int startLine, int startCol) {
    int start = pos;
    char quote = src.charAt(pos++);
    StringBuilder sb = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos++);
      if (c == quote) {
        return new Token(TokenKind.STRING, src.substring(start, pos), startLine, startCol, null, sb.toString(), 0, 0);
      }
      if (quote == '"' && c == '\\') {
        sb.append(escape());
        continue;
      }
      if (quote == '"' && c == '\n') {
        throw new ParseException(line, column(pos - 1), "a closing '\"'", "end of line");
      }
      newline(c, pos - 1);
      sb.append(c);
    }
    throw new ParseException(startLine, startCol, "a closing " + (quote == '"' ? "'\"'" : "'`'") + " of the string",
        "end of query");
  }

  /** Go's string escapes: a b f n r t v, backslash, quotes, x (2 hex digits), u (4), U (8), and 3 octal digits. */
  private String escape() {
    if (pos >= src.length()) {
      throw new ParseException(line, column(pos), "an escape sequence", "end of query");
    }
    int at = pos;
    char e = src.charAt(pos++);
    switch (e) {
      case 'a': return "\u0007";
      case 'b': return "\b";
      case 'f': return "\f";
      case 'n': return "\n";
      case 'r': return "\r";
      case 't': return "\t";
      case 'v': return "\u000b";
      case '\\': return "\\";
      case '"': return "\"";
      case '\'': return "'";
      case 'x': return new String(Character.toChars(hex(2, at)));
      case 'u': return new String(Character.toChars(hex(4, at)));
      case 'U': return new String(Character.toChars(hex(8, at)));
      default:
        if (e >= '0' && e <= '7' && pos + 1 < src.length()) {
          String oct = src.substring(pos - 1, pos + 2);
          if (oct.chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
            pos += 2;
            return String.valueOf((char) Integer.parseInt(oct, 8));
          }
        }
        throw new ParseException(line, column(at - 1), "a valid escape sequence", "'\\" + e + "'");
    }
  }

  private int hex(int digits, int at) {
    if (pos + digits > src.length()) {
      throw new ParseException(line, column(at - 1), digits + " hex digits", "end of query");
    }
    String h = src.substring(pos, pos + digits);
    try {
      int v = (int) Long.parseLong(h, 16);
      pos += digits;
      if (!Character.isValidCodePoint(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException ex) {
      throw new ParseException(line, column(at - 1), digits + " hex digits", "'" + h + "'");
    }
  }

  private Token number(int startLine, int startCol) {
    int start = pos;
    while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
      pos++;
    }
    boolean isFloat = false;
    if (pos < src.length() && src.charAt(pos) == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
      isFloat = true;
      pos++;
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        pos++;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        isFloat = true;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = save;
      }
    }
    String number = src.substring(start, pos);
    Token d = duration(number, start, startLine, startCol);
    if (d != null) {
      return d;
    }
    if (isFloat) {
      return new Token(TokenKind.FLOAT, number, startLine, startCol, null, null, 0, Double.parseDouble(number));
    }
    try {
      return new Token(TokenKind.INTEGER, number, startLine, startCol, null, null, Long.parseLong(number), 0);
    } catch (NumberFormatException e) {
      throw new ParseException(startLine, startCol, "an integer within 64 bits", "number " + number);
    }
  }

  /** A duration when unit letters follow the number (as Tempo, up to the next space). */
  private Token duration(String number, int start, int startLine, int startCol) {
    int end = pos;
    while (end < src.length() && (Character.isDigit(src.charAt(end)) || src.charAt(end) == '.'
        || "nsumhµμdwy".indexOf(src.charAt(end)) >= 0)) {
      end++;
    }
    if (end == pos) {
      return null;
    }
    long nanos = GoDurations.parse(src.substring(start, end));
    if (nanos < 0) {
      return null;
    }
    pos = end;
    return new Token(TokenKind.DURATION, src.substring(start, end), startLine, startCol, null, null, nanos, 0);
  }

  private void skipSpace() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (!Character.isWhitespace(c)) {
        return;
      }
      newline(c, pos);
      pos++;
    }
  }

  /** Counts lines: {@code c} is the character at offset {@code at}. */
  private void newline(char c, int at) {
    if (c == '\n') {
      line++;
      lineStart = at + 1;
    }
  }

  /** 1-based column of an offset on the current line, in code points. */
  private int column(int offset) {
    return src.codePointCount(lineStart, Math.max(lineStart, offset)) + 1;
  }

  private String found() {
    if (pos >= src.length()) {
      return "end of query";
    }
    char c = src.charAt(pos);
    return Character.isWhitespace(c) ? "whitespace" : "'" + new String(Character.toChars(src.codePointAt(pos))) + "'";
  }
}
