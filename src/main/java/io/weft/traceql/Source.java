package io.weft.traceql;

/** The lexer's position in the query text: offset, line, and where the line starts (for columns). */
final class Source {
  final String text;
  int pos;
  int line = 1;
  private int lineStart;

  Source(String text) {
    this.text = text;
  }

  boolean more() {
    return pos < text.length();
  }

  /** The character at {@code pos + ahead}, or 0 past the end. */
  char peek(int ahead) {
    return pos + ahead < text.length() ? text.charAt(pos + ahead) : 0;
  }

  /** Counts lines: {@code c} is the character at offset {@code at}. */
  void newline(char c, int at) {
    if (c == '\n') {
      line++;
      lineStart = at + 1;
    }
  }

  /** 1-based column of an offset on the current line, in code points (as a person counts). */
  int column(int offset) {
    return text.codePointCount(lineStart, Math.max(lineStart, offset)) + 1;
  }

  /** How an error names what stands at the position. */
  String found() {
    if (!more()) {
      return "end of query";
    }
    char c = text.charAt(pos);
    return Character.isWhitespace(c) ? "whitespace" : "'" + new String(Character.toChars(text.codePointAt(pos))) + "'";
  }

  ParseException error(String expected) {
    return new ParseException(line, column(pos), expected, found());
  }
}
