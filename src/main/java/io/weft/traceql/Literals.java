package io.weft.traceql;

/**
 * The literals of TraceQL's lexer: strings (Go's escapes in double quotes, raw in backquotes),
 * numbers (integers, floats with a fraction or exponent) and durations (a number followed by
 * units, {@code 150ms}, {@code 1h30m}), and the quoted parts of attribute names.
 */
final class Literals {
  private Literals() {}

  static Token string(Source s, int startLine, int startCol) {
    int start = s.pos;
    char quote = s.text.charAt(s.pos++);
    StringBuilder sb = new StringBuilder();
    while (s.more()) {
      char c = s.text.charAt(s.pos++);
      if (c == quote) {
        return new Token(TokenKind.STRING, s.text.substring(start, s.pos), startLine, startCol, null, sb.toString(), 0, 0);
      }
      if (quote == '"' && c == '\\') {
        sb.append(escape(s));
        continue;
      }
      if (quote == '"' && c == '\n') {
        throw new ParseException(s.line, s.column(s.pos - 1), "a closing '\"'", "end of line");
      }
      s.newline(c, s.pos - 1);
      sb.append(c);
    }
    throw new ParseException(startLine, startCol, "a closing " + (quote == '"' ? "'\"'" : "'`'") + " of the string",
        "end of query");
  }

  /** Go's string escapes: a b f n r t v, backslash, quotes, x (2 hex digits), u (4), U (8), 3 octal digits. */
  private static String escape(Source s) {
    if (!s.more()) {
      throw new ParseException(s.line, s.column(s.pos), "an escape sequence", "end of query");
    }
    int at = s.pos;
    char e = s.text.charAt(s.pos++);
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
      case 'x': return new String(Character.toChars(hex(s, 2, at)));
      case 'u': return new String(Character.toChars(hex(s, 4, at)));
      case 'U': return new String(Character.toChars(hex(s, 8, at)));
      default:
        if (e >= '0' && e <= '7' && s.pos + 1 < s.text.length()) {
          String oct = s.text.substring(s.pos - 1, s.pos + 2);
          if (oct.chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
            s.pos += 2;
            return String.valueOf((char) Integer.parseInt(oct, 8));
          }
        }
        throw new ParseException(s.line, s.column(at - 1), "a valid escape sequence", "'\\" + e + "'");
    }
  }

  private static int hex(Source s, int digits, int at) {
    if (s.pos + digits > s.text.length()) {
      throw new ParseException(s.line, s.column(at - 1), digits + " hex digits", "end of query");
    }
    String h = s.text.substring(s.pos, s.pos + digits);
    try {
      int v = (int) Long.parseLong(h, 16);
      if (!Character.isValidCodePoint(v)) {
        throw new NumberFormatException();
      }
      s.pos += digits;
      return v;
    } catch (NumberFormatException ex) {
      throw new ParseException(s.line, s.column(at - 1), digits + " hex digits", "'" + h + "'");
    }
  }

  /** A quoted part of an attribute name: only \" and \\ are escapes, as in Tempo. */
  static String quotedName(Source s) {
    int qLine = s.line;
    int qCol = s.column(s.pos);
    s.pos++;
    StringBuilder sb = new StringBuilder();
    while (s.more()) {
      char c = s.text.charAt(s.pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\') {
        if (s.more() && (s.peek(0) == '"' || s.peek(0) == '\\')) {
          sb.append(s.text.charAt(s.pos++));
          continue;
        }
        throw new ParseException(s.line, s.column(s.pos - 1), "\\\" or \\\\ in a quoted attribute name", s.found());
      }
      s.newline(c, s.pos - 1);
      sb.append(c);
    }
    throw new ParseException(qLine, qCol, "a closing '\"' of the attribute name", "end of query");
  }

  static Token number(Source s, int startLine, int startCol) {
    int start = s.pos;
    digits(s);
    boolean isFloat = false;
    if (s.peek(0) == '.' && Character.isDigit(s.peek(1))) {
      isFloat = true;
      s.pos++;
      digits(s);
    }
    if (s.peek(0) == 'e' || s.peek(0) == 'E') {
      int save = s.pos;
      s.pos++;
      if (s.peek(0) == '+' || s.peek(0) == '-') {
        s.pos++;
      }
      if (Character.isDigit(s.peek(0))) {
        isFloat = true;
        digits(s);
      } else {
        s.pos = save;
      }
    }
    String number = s.text.substring(start, s.pos);
    Token d = duration(s, start, startLine, startCol);
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

  private static void digits(Source s) {
    while (Character.isDigit(s.peek(0))) {
      s.pos++;
    }
  }

  /** A duration when unit letters follow the number (as in Tempo, up to the next space). */
  private static Token duration(Source s, int start, int startLine, int startCol) {
    int end = s.pos;
    while (end < s.text.length() && (Character.isDigit(s.text.charAt(end)) || s.text.charAt(end) == '.'
        || "nsumhµμdwy".indexOf(s.text.charAt(end)) >= 0)) {
      end++;
    }
    if (end == s.pos) {
      return null;
    }
    long nanos = GoDurations.parse(s.text.substring(start, end));
    if (nanos < 0) {
      return null;
    }
    s.pos = end;
    return new Token(TokenKind.DURATION, s.text.substring(start, end), startLine, startCol, null, null, nanos, 0);
  }
}
