package io.weft.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Structural operators on traces far deeper and wider than real ones: right answers, in linear work. */
class StructureTest {
  private static final TraceId T = new TraceId(0, 42);

  private static Span span(long id, long parent, String name) {
    return Span.builder().traceId(T).spanId(id).operationName(name).startTimeMicros(1000 + id).durationMicros(10)
        .references(parent == 0 ? List.of() : List.of(SpanRef.childOf(T, parent)))
        .process(new Process("svc", List.of())).build();
  }

  /** root > n1 > n2 > ... > n{depth}, a chain. */
  private static List<Span> chain(int depth) {
    List<Span> s = new ArrayList<>();
    s.add(span(1, 0, "root"));
    for (int i = 1; i <= depth; i++) {
      s.add(span(i + 1, i, i == depth ? "leaf" : "n" + i));
    }
    return s;
  }

  /** root with {@code width} children, the first of which has one child. */
  private static List<Span> fan(int width) {
    List<Span> s = new ArrayList<>();
    s.add(span(1, 0, "root"));
    for (int i = 0; i < width; i++) {
      s.add(span(100 + i, 1, i == 0 ? "first" : "child"));
    }
    s.add(span(99, 100, "grandchild"));
    return s;
  }

  private static Set<String> matched(String q, List<Span> trace) {
    TraceView view = new TraceView(trace);
    Set<String> names = new TreeSet<>();
    for (Spanset ss : Query.parse(q).evaluate(view)) {
      for (int i : ss.spans()) {
        names.add(view.span(i).operationName());
      }
    }
    return names;
  }

  private static int count(String q, List<Span> trace) {
    List<Spanset> sets = Query.parse(q).evaluate(new TraceView(trace));
    return sets.isEmpty() ? 0 : sets.get(0).size();
  }

  @Test
  void deepChains() {
    List<Span> deep = chain(20_000);
    assertEquals(Set.of("leaf"), matched("{ name = \"root\" } >> { name = \"leaf\" }", deep));
    assertEquals(Set.of(), matched("{ name = \"leaf\" } >> { name = \"root\" }", deep));
    assertEquals(Set.of("root"), matched("{ name = \"leaf\" } << { name = \"root\" }", deep));
    assertEquals(20_000, count("{ name = \"root\" } >> { }", deep), "every span below the root");
    assertEquals(20_000, count("{ } << { }", deep), "every span above another");
    assertEquals(Set.of("leaf"), matched("{ } !< { }", deep), "the one leaf");
    assertEquals(Set.of("root", "leaf"), matched("{ name = \"root\" } &>> { name = \"leaf\" }", deep));
    assertEquals(Set.of("root", "leaf"), matched("{ name = \"leaf\" } &<< { name = \"root\" }", deep));
    assertEquals(Set.of("n19999", "leaf"), matched("{ name = \"n19999\" } &> { name = \"leaf\" }", deep));
    assertEquals(Set.of("n19999", "leaf"), matched("{ name = \"leaf\" } &< { name = \"n19999\" }", deep));
  }

  @Test
  void wideFans() {
    List<Span> wide = fan(20_000);
    assertEquals(20_000, count("{ } ~ { }", wide), "every child has 19,999 siblings; the root and grandchild none");
    assertEquals(19_999, count("{ name = \"first\" } ~ { }", wide));
    assertEquals(Set.of("first", "child"), matched("{ name = \"first\" } &~ { name = \"child\" }", wide));
    assertEquals(Set.of("grandchild", "root"), matched("{ name = \"child\" } !~ { }", wide),
        "the root and the grandchild have no sibling named child");
    assertEquals(20_000, count("{ name = \"root\" } > { }", wide));
    assertEquals(Set.of("root"), matched("{ name = \"grandchild\" } !> { name = \"root\" }", wide));
    assertEquals(Set.of("root", "first"), matched("{ } < { }", wide), "the two spans with children");
    assertEquals(20_001, count("{ name = \"root\" } >> { }", wide));
  }

  @Test
  void parentIdsThatFormACycleDoNotLoop() {
    List<Span> cycle = List.of(span(1, 3, "a"), span(2, 1, "b"), span(3, 2, "c"));
    assertEquals(Set.of("b", "c", "a"), matched("{ name = \"a\" } >> { }", cycle));
    assertEquals(Set.of(), matched("{ } !< { }", cycle));
  }
}
