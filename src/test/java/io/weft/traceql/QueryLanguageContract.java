package io.weft.traceql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanStore;
import io.weft.storage.TraceScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The query language on a store: each query of TraceQL's core runs as a store scan
 * ({@link io.weft.storage.SpanReader#scanTraces}) over {@link QueryFixture}'s traces, with a
 * positive control (it finds what it should) and a negative one (a near miss finds nothing). A
 * backend's test extends this class. Answers are compared on this run's traces only, so a store
 * holding other tests' data passes too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class QueryLanguageContract {
  private static final long HOUR = 3_600_000_000L;

  protected SpanStore store;
  protected QueryFixture f;

  protected abstract SpanStore createStore() throws Exception;

  protected void destroyStore(SpanStore s) throws Exception {
    await(s.close());
  }

  @BeforeAll
  void writeFixture() throws Exception {
    store = createStore();
    f = new QueryFixture((System.currentTimeMillis() / 1000 - 1800) * 1_000_000L);
    await(store.write(f.all()));
  }

  @AfterAll
  void close() throws Exception {
    destroyStore(store);
  }

  // ---- scopes ----

  @Test
  void spanScope() {
    check("{ span.http.method = \"POST\" }", "deep");
    check("{ resource.http.method = \"POST\" }");
  }

  @Test
  void resourceScope() {
    check("{ resource.deployment.environment = \"prod\" }", "deep");
    check("{ span.deployment.environment = \"prod\" }");
    check("{ resource.service.name = \"$checkout\" }", "deep");
    check("{ resource.service.name = \"$nobody\" }");
  }

  @Test
  void unscopedLooksAtSpanThenResource() {
    check("{ .deployment.environment = \"staging\" }", "wide");
    check("{ .http.method = \"POST\" }", "deep");
    check("{ .http.method = \"PUT\" }");
  }

  @Test
  void eventScopeAndIntrinsics() {
    check("{ event.exception.message =~ \".*bank\" }", "deep");
    check("{ event.exception.message =~ \"bank\" }"); // anchored at both ends
    check("{ event:name = \"exception\" }", "deep");
    check("{ event:name = \"retry\" }");
    check("{ event.attempt >= 3 }", "deep");
    check("{ event.attempt > 3 }");
    check("{ event:timeSinceStart >= 5ms && event:timeSinceStart < 6ms }", "deep");
    check("{ event:timeSinceStart > 5ms }");
  }

  @Test
  void linkIntrinsicsAndAttributes() {
    check("{ link:traceID = \"" + f.id("deep").toHex() + "\" }", "linked");
    check("{ link:traceID = \"" + f.id("wide").toHex() + "\" }");
    check("{ link:spanID = \"0000000000000001\" }", "linked");
    check("{ link:spanID = \"0000000000000002\" }");
    check("{ link:spanID = \"1\" }", "linked"); // Tempo trims leading zeros of ids
    check("{ link.opentracing.ref_type = \"follows_from\" }", "linked");
    check("{ link.opentracing.ref_type = \"child_of\" }");
    check("{ link.reason = \"retry\" && link.attempt >= 2 }", "linked");
    check("{ link.reason = \"timeout\" }");
    check("{ link.reason != \"timeout\" }", "linked");
    check("{ link.reason != \"retry\" }");
    check("{ event.exception.message !~ \".*bank\" }"); // the one event matches
  }

  @Test
  void instrumentationScope() {
    check("{ instrumentation.name = \"io.opentelemetry.jdbc\" }", "deep");
    check("{ instrumentation:version = \"1.2\" }", "deep");
    check("{ instrumentation:name = \"grpc\" }");
    check("{ span.otel.scope.name = \"io.opentelemetry.jdbc\" }"); // the scope's, not the span's
  }

  // ---- intrinsics ----

  @Test
  void name() {
    check("{ name = \"SELECT orders\" }", "deep");
    check("{ name = \"SELECT\" }");
    check("{ span:name = \"fetch-item\" }", "wide");
  }

  @Test
  void statusFromOtelAndFromJaegerErrorTags() {
    check("{ status = error }", "deep", "wide", "linked");
    check("{ status = error && resource.service.name = \"$frontend\" }");
    check("{ span:status = unset && name = \"GET /health\" }", "quiet");
    check("{ status = ok }");
    check("{ statusMessage = \"card declined\" }", "deep");
    check("{ span:statusMessage = \"declined\" }");
  }

  @Test
  void kind() {
    check("{ kind = consumer }", "linked");
    check("{ span:kind = producer }");
  }

  @Test
  void durations() {
    check("{ duration > 240ms && duration < 260ms }", "deep");
    check("{ span:duration > 300ms }");
    check("{ trace:duration > 250ms }", "deep");
    check("{ traceDuration > 1s }");
  }

  @Test
  void traceIntrinsics() {
    check("{ trace:rootService = \"$worker\" }", "linked");
    check("{ rootServiceName = \"$db\" }");
    check("{ trace:rootName = \"GET /browse\" }", "wide");
    check("{ trace:id = \"" + f.id("wide").toHex() + "\" }", "wide");
    check("{ trace:id = \"" + new TraceId(1, 2).toHex() + "\" }");
    check("{ trace:id = \"" + f.id("wide").toHex().replaceFirst("^0+", "").toUpperCase() + "\" }", "wide");
  }

  @Test
  void spanIdsAndChildren() {
    check("{ span:id = \"0000000000000003\" && name = \"SELECT orders\" }", "deep");
    check("{ span:parentID = \"0000000000000002\" && name = \"SELECT orders\" }", "deep");
    check("{ span:parentID = \"0000000000000001\" && name = \"SELECT orders\" }");
    check("{ span:childCount > 30 }", "wide");
    check("{ span:childCount > 40 }");
  }

  // ---- operators and literals ----

  @Test
  void equalityAndComparisons() {
    check("{ span.http.status_code != 200 && span.http.status_code != nil }", "deep");
    check("{ span.http.status_code != 200 && resource.service.name = \"$frontend\" }");
    check("{ span.http.status_code >= 500 }", "deep");
    check("{ span.http.status_code > 503 }");
    check("{ span.http.status_code <= 200 && span.http.status_code < 201 }", "deep", "wide");
    check("{ span.http.status_code < 200 }");
  }

  @Test
  void numbersAcrossTypes() {
    check("{ span.ratio = 0.25 }", "deep");
    check("{ span.ratio < 0.2 }");
    check("{ span.http.status_code = 503.0 }", "deep");
    check("{ span.http.status_code = \"503\" }"); // a string is not the int
  }

  @Test
  void booleans() {
    check("{ span.retry = true }", "deep");
    check("{ span.retry = false }");
    check("{ span.retry }", "deep");
    check("{ span.http.method }"); // a string attribute is no condition
  }

  @Test
  void regularExpressions() {
    check("{ name =~ \"fetch-[0-9]+\" }", "deep");
    check("{ name =~ \"GET /(checkout|health)\" }", "deep", "quiet");
    check("{ name !~ \"fetch-.*|GET.*|POST.*|SELECT.*|cache.*|consume|process\" }");
    check("{ name !~ \"fetch-.*|GET.*|POST.*|SELECT.*|cache.*|consume\" }", "linked");
  }

  @Test
  void stringOrder() {
    check("{ name >= \"process\" && resource.service.name = \"$worker\" }", "linked");
    check("{ name > \"process\" && resource.service.name = \"$worker\" }");
  }

  @Test
  void nil() {
    check("{ span.http.method = nil && resource.service.name = \"$frontend\" }", "quiet");
    check("{ span.http.method = nil && name = \"GET /checkout\" }");
    check("{ span.messaging.system != nil }", "linked");
    check("{ span.no.such.attribute != nil }");
  }

  @Test
  void logicalOperators() {
    check("{ name = \"GET /health\" || name = \"consume\" }", "quiet", "linked");
    check("{ !(kind = server) && resource.service.name = \"$frontend\" }");
    check("{ !(status = error) && name = \"consume\" }");
    check("{ (name = \"consume\" || name = \"process\") && !(kind = consumer) }", "linked");
  }

  @Test
  void arithmetic() {
    check("{ span.http.status_code + 1 = 504 }", "deep");
    check("{ duration * 2 > 500ms }", "deep");
    check("{ duration * 2 > 600ms }");
    check("{ span.http.status_code - 3 = 500 }", "deep");
  }

  // ---- spanset operators ----

  @Test
  void spansetAndOr() {
    check("{ name = \"GET /checkout\" } && { name = \"SELECT orders\" }", "deep");
    check("{ name = \"GET /checkout\" } && { name = \"fetch-item\" }");
    check("{ name = \"consume\" } || { name = \"GET /health\" }", "linked", "quiet");
    check("{ name = \"x\" } || { name = \"y\" }");
  }

  @Test
  void childAndParentOnADeepTrace() {
    check("{ name = \"POST /pay\" } > { name = \"SELECT orders\" }", "deep");
    check("{ name = \"GET /checkout\" } > { name = \"SELECT orders\" }");
    check("{ name = \"SELECT orders\" } < { name = \"POST /pay\" }", "deep");
    check("{ name = \"fetch-6\" } < { name = \"POST /pay\" }");
  }

  @Test
  void descendantAndAncestorOnADeepTrace() {
    check("{ name = \"GET /checkout\" } >> { name = \"fetch-6\" }", "deep");
    check("{ name = \"fetch-6\" } >> { name = \"GET /checkout\" }");
    check("{ name = \"fetch-6\" } << { name = \"GET /checkout\" }", "deep");
    check("{ name = \"GET /checkout\" } << { name = \"fetch-6\" }");
    check("{ resource.service.name = \"$frontend\" } >> { status = error }", "deep", "wide");
    check("{ resource.service.name = \"$db\" } >> { status = error }");
  }

  @Test
  void siblingsOnAWideTrace() {
    check("{ name = \"fetch-item\" && status = error } ~ { name = \"fetch-item\" && span.item = 0 }", "wide");
    check("{ name = \"cache-get\" } ~ { name = \"fetch-item\" }");
  }

  @Test
  void negatedStructure() {
    check("{ name = \"GET /browse\" } !> { name = \"cache-get\" }", "wide");
    check("{ } !> { name = \"fetch-item\" && span.item = 0 }");
    check("{ } !< { name = \"fetch-6\" }", "deep");
    check("{ } !< { name = \"fetch-1\" }");
    check("{ name = \"cache-get\" } !~ { name = \"fetch-item\" }", "wide");
    check("{ name = \"fetch-item\" } !~ { name = \"fetch-item\" }");
    check("{ name = \"POST /pay\" } !>> { resource.service.name = \"$frontend\" }", "deep", "wide", "quiet");
    check("{ name = \"GET /checkout\" } !>> { resource.service.name = \"$db\" }");
    check("{ name = \"GET /checkout\" } !<< { name = \"fetch-6\" }", "deep");
    check("{ name = \"fetch-6\" } !<< { name = \"GET /checkout\" }");
  }

  @Test
  void unionStructureAnswersBothSides() {
    check("{ name = \"POST /pay\" } &> { name = \"SELECT orders\" }", "deep");
    check("{ name = \"GET /checkout\" } &> { name = \"SELECT orders\" }");
    assertEquals(Set.of("POST /pay", "SELECT orders"),
        matchedNames("{ name = \"POST /pay\" } &> { name = \"SELECT orders\" }", "deep"));
    assertEquals(Set.of("SELECT orders"), matchedNames("{ name = \"POST /pay\" } > { name = \"SELECT orders\" }", "deep"));
  }

  // ---- pipelines ----

  @Test
  void countAfterAFilter() {
    check("{ status = error } | count() > 2", "wide");
    check("{ status = error } | count() > 3");
    check("count() > 40", "wide");
    check("count() > 42");
  }

  @Test
  void aggregates() {
    check("{ resource.service.name = \"$catalog\" } | avg(duration) > 20ms", "wide");
    check("{ resource.service.name = \"$catalog\" } | avg(duration) > 30ms");
    check("{ resource.service.name = \"$catalog\" } | max(duration) = 44ms", "wide");
    check("{ resource.service.name = \"$catalog\" } | max(duration) > 44ms");
    check("{ resource.service.name = \"$catalog\" } | min(duration) < 2ms", "wide");
    check("{ resource.service.name = \"$catalog\" } | min(duration) < 1ms");
    check("{ resource.service.name = \"$catalog\" } | sum(span.item) = 780", "wide");
    check("{ resource.service.name = \"$catalog\" } | sum(span.item) > 780");
  }

  @Test
  void groupingSelectAndCoalesce() {
    check("{ status = error } | by(resource.service.name) | count() > 2", "wide");
    check("{ } | by(resource.service.name) | count() > 40", "wide");
    check("{ } | by(resource.service.name) | count() > 41");
    check("{ name = \"POST /pay\" } | select(span.http.status_code)", "deep");
    check("{ } | by(name) | coalesce() | count() = 9", "deep");
    check("{ } | by(name) | count() = 9");
    check("{ } | { name = \"consume\" }", "linked");
    check("{ name = \"consume\" } | { kind = server }");
  }

  // ---- bounded work ----

  @Test
  void aScanStoppedByItsBudgetSaysItIsPartial() {
    Query q = Query.parse("{ status = error }");
    ScanResult r = await(store.scanTraces(new TraceScan(q.candidates().toTraceQuery(f.base - HOUR, f.base + HOUR, 10),
        q, 1)));
    assertTrue(r.isPartial(), "three traces match, one may be tested (per member of a spread store)");
    assertTrue(r.traces().size() <= r.examined(), "found among those tested: " + r);
    ScanResult whole = scan("{ status = error }");
    assertFalse(whole.isPartial());
    assertEquals(3, names(whole.traces()).stream().filter(java.util.Objects::nonNull).count());
  }

  // ---- helpers ----

  /** Runs the query as a store scan and checks which of this run's traces it found. */
  protected void check(String query, String... expected) {
    ScanResult r = scan(query);
    assertFalse(r.isPartial(), () -> query + ": partial: " + r.partial());
    Set<String> found = new TreeSet<>();
    for (List<Span> t : r.traces()) {
      String name = f.nameOf(t.get(0).traceId());
      if (name != null) {
        found.add(name);
      }
    }
    assertEquals(new TreeSet<>(List.of(expected)), found, query);
  }

  /** The names of the spans the query matched in one of the fixture's traces. */
  protected Set<String> matchedNames(String query, String trace) {
    Query q = Query.parse(query.replace("$", f.prefix));
    TraceView view = new TraceView(await(store.getTrace(f.id(trace))));
    Set<String> names = new TreeSet<>();
    for (Spanset s : q.evaluate(view)) {
      for (int i : s.spans()) {
        names.add(view.span(i).operationName());
      }
    }
    return names;
  }

  protected ScanResult scan(String query) {
    Query q = Query.parse(query.replace("$", f.prefix));
    return await(store.scanTraces(new TraceScan(q.candidates().toTraceQuery(f.base - HOUR, f.base + HOUR, 1000), q, 0)));
  }

  protected static <T> T await(Future<T> fut) {
    try {
      return fut.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store call failed", e);
    }
  }

  protected List<String> names(List<List<Span>> traces) {
    List<String> out = new ArrayList<>();
    traces.forEach(t -> out.add(f.nameOf(t.get(0).traceId())));
    return out;
  }
}
