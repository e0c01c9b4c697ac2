package io.weft.traceql;

/**
 * A query that does not parse (or does not type-check): where (1-based line and column), what was
 * expected there, and what was found.
 */
public final class ParseException extends RuntimeException {
  private final int line;
  private final int column;
  private final String expected;
  private final String found;

  public ParseException(int line, int column, String expected, String found) {
    super("parse error at line " + line + ", column " + column + ": expected " + expected + ", found " + found);
    this.line = line;
    this.column = column;
    this.expected = expected;
    this.found = found;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String expected() {
    return expected;
  }

  public String found() {
    return found;
  }
}
