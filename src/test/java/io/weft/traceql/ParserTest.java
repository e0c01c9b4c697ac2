package io.weft.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing: TraceQL's precedence (as Tempo's grammar has it), literals, and errors with positions. */
class ParserTest {

  private static String parsed(String q) {
    return Query.parse(q).toString();
  }

  @Test
  void fieldPrecedenceFollowsTempo() {
    assertEquals("{ ((.a * .b) + .c) }", parsed("{ .a * .b + .c }"));
    assertEquals("{ (.a + (.b * .c)) }", parsed("{ .a + .b * .c }"));
    assertEquals("{ (.a + (.b ^ .c)) }", parsed("{ .a + .b ^ .c }"));
    assertEquals("{ (.a = (.b + .c)) }", parsed("{ .a = .b + .c }"));
    assertEquals("{ ((.c - (-.a)) + .b) }", parsed("{ .c - -.a + .b }"));
    assertEquals("{ (.a && (.b = .c)) }", parsed("{ .a && .b = .c }"));
    assertEquals("{ ((.a = (!.b)) && .c) }", parsed("{ .a = !.b && .c }"));
    assertEquals("{ ((!.a) = .b) }", parsed("{ !.a = .b }"));
    assertEquals("{ ((.a = .b) || (.c = .d)) }", parsed("{ .a = .b || .c = .d}"));
    // && and || share one level, left to right, as in Tempo's grammar
    assertEquals("{ (((.a = 1) || (.b = 2)) && (.c = 3)) }", parsed("{ .a = 1 || .b = 2 && .c = 3 }"));
  }

  @Test
  void spansetPrecedence() {
    assertEquals("({ true }) && (({ false }) >> ({ .a }))", parsed("{ true } && { false } >> { .a }"));
    assertEquals("(({ true }) >> ({ false })) && ({ .a })", parsed("{ true } >> { false } && { .a }"));
    assertEquals("(({ true }) ~ ({ false })) >> ({ .a })", parsed("{ true } ~ { false } >> { .a }"));
    assertEquals("(({ .a } | { .b }) > ({ .a } | { .b })) && ({ .a } | { .b })",
        parsed("({ .a } | { .b }) > ({ .a } | { .b }) && ({ .a } | { .b })"));
    assertEquals("{ (status = error) } | by(resource.service.name) | count() > 1",
        parsed("{ status = error } | by(resource.service.name) | count() > 1"));
  }

  @Test
  void everyStructuralOperatorParses() {
    for (String op : List.of(">", "<", ">>", "<<", "~", "!>", "!<", "!>>", "!<<", "!~", "&>", "&<", "&>>", "&<<", "&~")) {
      assertEquals("({ .a }) " + op + " ({ .b })", parsed("{ .a } " + op + " { .b }"));
    }
  }

  @Test
  void literalsAndAttributes() {
    assertEquals("{ (duration > 1h30m0s) }", parsed("{ duration > 1h30m }"));
    assertEquals("{ (duration > 1.5µs) }", parsed("{ duration > 1500ns }"));
    assertEquals("{ (span:duration < 2ms) }", parsed("{ span:duration < 2ms }"));
    assertEquals("{ (.x = -5) }", parsed("{ .x = -5 }"));
    assertEquals("{ (.x = 2.5) }", parsed("{ .x = 2.5 }"));
    assertEquals("{ (.x = \"a\\\"b\\nc\") }", parsed("{ .x = \"a\\\"b\\nc\" }"));
    assertEquals("{ (.x = \"raw\\\\n\") }", parsed("{ .x = `raw\\n` }"));
    assertEquals("{ (span.\"a b.c\" = 1) }", parsed("{ span.\"a b\".c = 1 }"));
    assertEquals("{ (resource.service.name = \"a\") }", parsed("{resource.service.name=\"a\"}"));
    assertEquals("{ (span.http.status_code >= 500) }", parsed("{span.http.status_code>=500}"));
    assertEquals("{ (.x = 9223372036854775807) }", parsed("{ .x = maxInt }"));
    assertEquals("{ (.a = nil) }", parsed("{ .a = nil }"));
    assertEquals("{ (.a != nil) }", parsed("{ nil != .a }"));
    assertEquals("{ (event:name = \"x\") }", parsed("{ event:name = \"x\" }"));
    assertEquals("{ (trace:rootService = \"x\") }", parsed("{ trace:rootService = \"x\" }"));
    assertEquals("{ (kind = server) }", parsed("{ kind = server }"));
    assertEquals("{ (.a = 1) }", parsed("{ .a = 1 } with (most_recent=true)"));
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        // query, line, column, expected, found
        Arguments.of("{ .a = 1", 1, 9, "'}' or an operator", "end of query"),
        Arguments.of("{ .a = }", 1, 8, "a value, an attribute or an intrinsic", "'}'"),
        Arguments.of("{ .a = 1 } >>", 1, 14, "'{' or '('", "end of query"),
        Arguments.of("{ .a = 1 } { .b = 2 }", 1, 12,
            "'|', '&&', '||', a structural operator or the end of the query", "'{'"),
        Arguments.of("{ name = 5 }", 1, 8, "operands of matching types around '='", "a string and an int"),
        Arguments.of("{ .a =~ 5 }", 1, 6, "strings on both sides of '=~'", "an int"),
        Arguments.of("{ .a =~ \"(\" }", 1, 6, "a valid regular expression after '=~'", "\"(\" (Unclosed group)"),
        Arguments.of("{ 1 }", 1, 3, "a condition (a comparison or a boolean)", "an int expression"),
        Arguments.of("{ .a > nil }", 1, 6, "'=' or '!=' next to nil", "'>'"),
        Arguments.of("{ span:nope = 1 }", 1, 3, "a known intrinsic (span:name, trace:duration, event:name, ...)",
            "intrinsic span:nope"),
        Arguments.of("{ foo = 1 }", 1, 3, "a value, an attribute or an intrinsic", "'foo'"),
        Arguments.of("{ .a = \"x }", 1, 8, "a closing '\"' of the string", "end of query"),
        Arguments.of("{ .a = 1 } | count(", 1, 20, "')'", "end of query"),
        Arguments.of("{ .a = 1 } | avg() > 2", 1, 18, "a value, an attribute or an intrinsic", "')'"),
        Arguments.of("{ .a } | 3 > 2", 1, 12, "an aggregate (count(), avg(...) ...) on one side of '>'", "'>'"),
        Arguments.of("{ .a } | by(.b) > { .c }", 1, 17,
            "'|', '&&', '||', a structural operator or the end of the query", "'>'"),
        Arguments.of("({ .a } | by(.b)) > { .c }", 1, 19,
            "no by() on either side of '>' (end the grouped side with | coalesce())", "a grouped spanset"),
        Arguments.of("{ .a = 1 } @", 1, 12, "a token", "'@'"),
        Arguments.of("", 1, 1, "'{', '(', an aggregate (count(), avg(...) ...), by(...), select(...) or coalesce()",
            "end of query"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badQueries")
  void errorsNameWhereWhatWasExpectedAndWhatWasFound(String q, int line, int column, String expected, String found) {
    ParseException e = assertThrows(ParseException.class, () -> Query.parse(q));
    assertEquals(List.of(line, column, expected, found), List.of(e.line(), e.column(), e.expected(), e.found()),
        e.getMessage());
  }

  @Test
  void positionsCountLinesAndCharacters() {
    ParseException e = assertThrows(ParseException.class, () -> Query.parse("{\n  .a = \"日本\" &&\n  .b = }"));
    assertEquals(3, e.line());
    assertEquals(8, e.column());
    e = assertThrows(ParseException.class, () -> Query.parse("{ .a = \"日本\" && }"));
    assertEquals(1, e.line());
    assertEquals(16, e.column(), "columns count characters, not bytes");
  }

  @Test
  void plannerTakesOnlyNecessaryConditions() {
    SpanConditions c = Query.parse("{ resource.service.name = \"a\" && span.http.method = \"GET\" && duration > 1ms"
        + " && name = \"x\" }").candidates();
    assertEquals(new SpanConditions("a", "x", java.util.Map.of("http.method", "GET"), 1001, 0), c);
    assertEquals(SpanConditions.NONE, Query.parse("{ .a = 1 || .b = 2 }").candidates());
    assertEquals(java.util.Map.of("a", "1"), Query.parse("{ .a = 1 && .b = 2 || .a = 1 }").candidates().tags());
    assertEquals(SpanConditions.NONE, Query.parse("{ !(.a = 1) }").candidates());
    assertEquals(SpanConditions.NONE, Query.parse("{ .a = 1.5 }").candidates(), "a float's text is not exact");
    assertEquals(SpanConditions.NONE, Query.parse("{ status = error }").candidates(), "status may come from tags");
    assertEquals("a", Query.parse("{ } >> { resource.service.name = \"a\" }").candidates().service());
    assertEquals("a", Query.parse("{ name = \"x\" } !> { resource.service.name = \"a\" }").candidates().service());
    assertEquals(null, Query.parse("{ resource.service.name = \"a\" } !> { }").candidates().service(),
        "a negated left side need not match");
    assertEquals(java.util.Map.of("otel.scope.name", "j"), Query.parse("{ instrumentation.name = \"j\" }").candidates()
        .tags());
    assertEquals(new SpanConditions(null, null, java.util.Map.of(), 0, 1999),
        Query.parse("{ duration < 2ms }").candidates());
  }
}
