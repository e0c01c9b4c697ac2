package io.weft.traceql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions of {@code =~} and {@code !~}: matched against the whole value (TraceQL
 * anchors them at both ends, as PromQL does). Patterns that are not literals in the query (an
 * attribute on the right) are compiled once and kept, a bounded number of them.
 */
final class Regexes {
  private static final int MAX_CACHED = 1000;
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private Regexes() {}

  /** @throws PatternSyntaxException for a bad pattern */
  static Pattern compileStrict(String re) {
    return Pattern.compile(re, Pattern.UNICODE_CASE);
  }

  /** A pattern from the data: a bad one matches nothing. */
  static Pattern compile(String re) {
    Pattern p = CACHE.get(re);
    if (p == null) {
      try {
        p = compileStrict(re);
      } catch (PatternSyntaxException e) {
        p = Pattern.compile("(?!)");
      }
      if (CACHE.size() < MAX_CACHED) {
        CACHE.put(re, p);
      }
    }
    return p;
  }
}
