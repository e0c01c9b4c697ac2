package io.weft.storage;

import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import static io.weft.testing.TestSpans.newTraceId;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.TestSpans;
import io.weft.wire.EncodedTrace;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend must do, tested through {@link SpanStore} only. Each test uses its own
 * random service names and trace ids and times near now, so a backend that keeps data between
 * tests (a shared Cassandra keyspace) passes too. A backend test extends this class.
 */
public abstract class SpanStoreContract {
  private static final long SECOND = 1_000_000L;
  private static final long HOUR = 3600 * SECOND;

  protected SpanStore store;
  /** Prefix of this test's service names. */
  protected String prefix;
  /** A whole second an hour ago; this test's traces start around it. */
  protected long base;

  protected abstract SpanStore createStore() throws Exception;

  /** Cleanup after each test; the default closes the store. */
  protected void destroyStore(SpanStore store) throws Exception {
    await(store.close());
  }

  @BeforeEach
  void openStore() throws Exception {
    prefix = "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + "-";
    base = (System.currentTimeMillis() / 1000 - 3600) * SECOND;
    store = createStore();
  }

  @AfterEach
  void closeStore() throws Exception {
    destroyStore(store);
  }

  // ---- writing and reading traces ----

  @Test
  void writtenTraceReadsBackWithEveryField() {
    TraceId t = newTraceId();
    Span root = span(t, 1, 0, "frontend", "HTTP GET /dispatch", base, 120_000).toBuilder()
        .flags(3)
        .kind(SpanKind.SERVER)
        .status(StatusCode.ERROR, "upstream failed ✗")
        .tags(List.of(Tag.string("http.method", "GET"), Tag.bool("cache.hit", false),
            Tag.int64("http.status_code", 503), Tag.float64("load", 0.75),
            Tag.binary("payload", new byte[] {0, 1, -1, 42}), Tag.string("unicode", "日本 😀")))
        .logs(List.of(new Log(base + 10, List.of(Tag.string("event", "retry"), Tag.int64("attempt", 2))),
            new Log(base + 20, List.of())))
        .process(new Process(svc("frontend"), List.of(Tag.string("host.name", "web-1"), Tag.int64("pid", 42))))
        .warnings(List.of("clock skew adjusted"))
        .build();
    Span child = span(t, 2, 1, "backend", "SELECT", base + 1000, 5000).toBuilder()
        .references(List.of(SpanRef.childOf(t, 1), new SpanRef(RefType.FOLLOWS_FROM, newTraceId(), 9)))
        .kind(SpanKind.CLIENT)
        .build();
    write(root, child);

    assertSameSpans(List.of(root, child), trace(t));
  }

  @Test
  void otlpArraysMapsAndLinkAttributesReadBack() {
    TraceId t = newTraceId();
    Span s = span(t, 1, 0, "api", "op", base, 10).toBuilder()
        .tags(List.of(Tag.array("items", List.of(Tag.string("", "a"), Tag.int64("", 2))),
            Tag.map("obj", List.of(Tag.bool("ok", true), Tag.array("nested", List.of(Tag.float64("", 0.5)))))))
        .references(List.of(new SpanRef(RefType.FOLLOWS_FROM, newTraceId(), 7,
            List.of(Tag.string("link.reason", "batch"), Tag.int64("link.index", 3)))))
        .build();
    write(s);
    assertSameSpans(List.of(s), trace(t));
    // A search compares an array's text as Jaeger shows it.
    assertEquals(List.of(t), traceIds(find(query("api").tag("items", "[\"a\",2]").build())));
  }

  @Test
  void absentTraceIsEmpty() {
    assertEquals(List.of(), trace(newTraceId()));
  }

  @Test
  void spansOfATraceWrittenApartReadBackTogether() {
    TraceId t = newTraceId();
    Span a = span(t, 1, 0, "frontend", "root", base, 100);
    Span b = span(t, 2, 1, "backend", "child", base + 10, 50);
    Span c = span(t, 3, 2, "db", "query", base + 20, 10);
    write(c);
    write(a, b);
    assertSameSpans(List.of(a, b, c), trace(t));
  }

  @Test
  void rewritingSpansIsHarmless() {
    TraceId t = newTraceId();
    Span a = span(t, 1, 0, "frontend", "root", base, 100);
    Span b = span(t, 2, 1, "backend", "child", base + 10, 50);
    write(a, b);
    write(a, b);
    write(b, b);
    assertSameSpans(List.of(a, b), trace(t));
    List<List<Span>> found = find(query("frontend").build());
    assertEquals(1, found.size());
    assertSameSpans(List.of(a, b), found.get(0));
  }

  /** An ingester's records: messages with their decoded spans, stored, found and deduplicated like written spans. */
  @Test
  void encodedTracesReadBackLikeWrittenSpans() {
    TraceId t = newTraceId();
    TraceId u = newTraceId();
    Span a = tagged(span(t, 1, 0, "frontend", "root", base, 100), Tag.string("http.route", "/encoded"));
    Span b = span(t, 2, 1, "backend", "child", base + 10, 50);
    Span c = span(t, 3, 2, "db", "query", base + 20, 10);
    Span d = span(u, 1, 0, "frontend", "other", base + 30, 10);
    await(store.writeEncoded(List.of(encoded(a, b), encoded(d))));
    await(store.writeEncoded(List.of(encoded(b, c)))); // b again, beside a new span of the same trace
    write(a);
    assertSameSpans(List.of(a, b, c), trace(t));
    assertSameSpans(List.of(d), trace(u));
    List<List<Span>> found = find(query("frontend").tag("http.route", "/encoded").build());
    assertEquals(List.of(t), traceIds(found));
    assertSameSpans(List.of(a, b, c), found.get(0));
  }

  protected static EncodedTrace encoded(Span... spans) {
    return EncodedTrace.of(SpanBinaryCodec.encode(List.of(spans)), List.of(spans));
  }

  @Test
  void zipkinSharedSpanIdKeepsBothHalves() {
    TraceId t = newTraceId();
    Span client = span(t, 7, 1, "frontend", "get", base, 100).toBuilder().kind(SpanKind.CLIENT).build();
    Span server = span(t, 7, 1, "backend", "get", base + 5, 80).toBuilder().kind(SpanKind.SERVER).build();
    write(client, server);
    write(server);
    assertSameSpans(List.of(client, server), trace(t));
  }

  @Test
  void wideAndNarrowTraceIdsAreDistinct() {
    long low = ThreadLocalRandom.current().nextLong();
    TraceId narrow = new TraceId(0, low);
    TraceId wide = new TraceId(ThreadLocalRandom.current().nextLong() | 1, low);
    Span n = span(narrow, 1, 0, "frontend", "narrow", base, 10);
    Span w = span(wide, 1, 0, "frontend", "wide", base + 1, 10);
    write(n, w);
    assertSameSpans(List.of(n), trace(narrow));
    assertSameSpans(List.of(w), trace(wide));
    assertSameSpans(List.of(n), trace(TraceId.fromHex(narrow.toHex())));
    assertSameSpans(List.of(w), trace(TraceId.fromHex(wide.toHex())));
    assertEquals(List.of(wide, narrow), traceIds(find(query("frontend").build())));
  }

  // ---- services and operations ----

  @Test
  void servicesAreListedSorted() {
    TraceId t = newTraceId();
    write(span(t, 1, 0, "zeta", "op", base, 1), span(t, 2, 1, "alpha", "op", base, 1),
        span(newTraceId(), 1, 0, "mid", "op", base, 1));
    List<String> services = await(store.getServices());
    assertSorted(services, Comparator.naturalOrder());
    assertEquals(services.size(), new HashSet<>(services).size(), "no duplicates");
    assertEquals(List.of(svc("alpha"), svc("mid"), svc("zeta")),
        services.stream().filter(s -> s.startsWith(prefix)).toList());
  }

  @Test
  void operationsAreListedWithTheirKinds() {
    TraceId t = newTraceId();
    write(
        span(t, 1, 0, "api", "GET /users", base, 1).toBuilder().kind(SpanKind.SERVER).build(),
        span(t, 2, 1, "api", "GET /users", base, 1).toBuilder().kind(SpanKind.CLIENT).build(),
        span(t, 3, 1, "api", "SELECT users", base, 1).toBuilder().kind(SpanKind.CLIENT).build(),
        span(t, 4, 1, "api", "compute", base, 1),
        span(t, 5, 1, "api", "publish", base, 1).toBuilder().kind(SpanKind.PRODUCER).build(),
        span(t, 6, 1, "other", "elsewhere", base, 1).toBuilder().kind(SpanKind.SERVER).build());
    write(span(t, 4, 1, "api", "compute", base, 1));

    List<Operation> all = await(store.getOperations(svc("api"), null));
    assertSorted(all, Comparator.comparing(Operation::name));
    assertEquals(Set.of(new Operation("GET /users", "server"), new Operation("GET /users", "client"),
        new Operation("SELECT users", "client"), new Operation("compute", ""),
        new Operation("publish", "producer")), new HashSet<>(all));
    assertEquals(5, all.size());
    assertEquals(new HashSet<>(all), new HashSet<>(await(store.getOperations(svc("api"), ""))));

    List<Operation> clients = await(store.getOperations(svc("api"), "client"));
    assertEquals(List.of(new Operation("GET /users", "client"), new Operation("SELECT users", "client")), clients);
    assertEquals(List.of(new Operation("GET /users", "server")), await(store.getOperations(svc("api"), "server")));
    assertEquals(List.of(), await(store.getOperations(svc("api"), "consumer")));
    assertEquals(List.of(), await(store.getOperations(svc("unknown"), null)));
  }

  // ---- search ----

  @Test
  void findsTracesByServiceAndReturnsWholeTraces() {
    TraceId t1 = newTraceId();
    TraceId t2 = newTraceId();
    Span a = span(t1, 1, 0, "frontend", "root", base, 100);
    Span b = span(t1, 2, 1, "backend", "child", base + 10, 50);
    write(a, b, span(t2, 1, 0, "other", "root", base + 1, 100));

    List<List<Span>> found = find(query("backend").build());
    assertEquals(List.of(t1), traceIds(found));
    assertSameSpans(List.of(a, b), found.get(0));
    assertEquals(List.of(), find(query("nobody").build()));
  }

  @Test
  void findsTracesByOperation() {
    TraceId t1 = newTraceId();
    TraceId t2 = newTraceId();
    write(span(t1, 1, 0, "frontend", "GET /a", base, 100),
        span(t2, 1, 0, "frontend", "GET /b", base + 1, 100),
        span(t2, 2, 1, "backend", "GET /a", base + 2, 10)); // right operation, wrong service
    assertEquals(List.of(t1), traceIds(find(query("frontend").operation("GET /a").build())));
    assertEquals(List.of(t2), traceIds(find(query("frontend").operation("GET /b").build())));
    assertEquals(List.of(), traceIds(find(query("frontend").operation("GET /c").build())));
  }

  @Test
  void findsTracesByTagsAllOnOneSpan() {
    TraceId both = newTraceId();
    TraceId split = newTraceId();
    TraceId post = newTraceId();
    write(
        tagged(span(both, 1, 0, "api", "op", base, 10), Tag.string("http.method", "GET"), Tag.int64("http.status_code", 500)),
        tagged(span(split, 1, 0, "api", "op", base + 1, 10), Tag.string("http.method", "GET")),
        tagged(span(split, 2, 1, "api", "op", base + 2, 10), Tag.int64("http.status_code", 500)),
        tagged(span(post, 1, 0, "api", "op", base + 3, 10), Tag.string("http.method", "POST")));

    assertEquals(Set.of(both, split), Set.copyOf(traceIds(find(query("api").tag("http.method", "GET").build()))));
    assertEquals(List.of(both), traceIds(find(query("api")
        .tag("http.method", "GET").tag("http.status_code", "500").build())));
    assertEquals(List.of(), traceIds(find(query("api").tag("http.method", "PUT").build())));
    assertEquals(List.of(), traceIds(find(query("api").tag("no.such.key", "GET").build())));
  }

  @Test
  void findsStringValuesExactlyWhereverTheyAre() {
    TraceId onSpan = newTraceId();
    TraceId longer = newTraceId();
    TraceId inLog = newTraceId();
    write(tagged(span(onSpan, 1, 0, "api", "op", base, 10), Tag.string("order.id", "order-42")),
        tagged(span(longer, 1, 0, "api", "op", base + 1, 10), Tag.string("order.id", "order-420")),
        span(inLog, 1, 0, "api", "op", base + 2, 10).toBuilder()
            .logs(List.of(new Log(base + 3, List.of(Tag.string("order.id", "order-7/b"))))).build());
    assertEquals(List.of(onSpan), traceIds(find(query("api").tag("order.id", "order-42").build())));
    assertEquals(List.of(longer), traceIds(find(query("api").tag("order.id", "order-420").build())));
    assertEquals(List.of(inLog), traceIds(find(query("api").tag("order.id", "order-7/b").build())));
    assertEquals(List.of(), traceIds(find(query("api").tag("order.id", "order-4").build())), "a prefix is no match");
    assertEquals(List.of(), traceIds(find(query("api").tag("order.id", "order-43").build())));
  }

  @Test
  void findsTagsOfEveryTypeByTheirText() {
    TraceId t = newTraceId();
    write(tagged(span(t, 1, 0, "api", "op", base, 10), Tag.bool("retried", true),
        Tag.float64("ratio", 2.5), Tag.float64("whole", 3.0), Tag.binary("raw", new byte[] {1, 2, 3})));
    for (Map.Entry<String, String> tag : Map.of("retried", "true", "ratio", "2.5", "whole", "3",
        "raw", "AQID").entrySet()) {
      assertEquals(List.of(t), traceIds(find(query("api").tag(tag.getKey(), tag.getValue()).build())), tag.toString());
    }
  }

  @Test
  void findsTagsOnTheProcessAndInLogs() {
    TraceId onProcess = newTraceId();
    TraceId inLog = newTraceId();
    write(
        span(onProcess, 1, 0, "api", "op", base, 10).toBuilder()
            .process(new Process(svc("api"), List.of(Tag.string("host.name", "web-7")))).build(),
        span(inLog, 1, 0, "api", "op", base + 1, 10).toBuilder()
            .logs(List.of(new Log(base + 2, List.of(Tag.string("event", "cache miss"))))).build());
    assertEquals(List.of(onProcess), traceIds(find(query("api").tag("host.name", "web-7").build())));
    assertEquals(List.of(inLog), traceIds(find(query("api").tag("event", "cache miss").build())));
  }

  @Test
  void errorTrueFindsOtelErrorStatusAndErrorTags() {
    TraceId otel = newTraceId();
    TraceId tagged = newTraceId();
    TraceId fine = newTraceId();
    write(
        span(otel, 1, 0, "api", "op", base, 10).toBuilder().status(StatusCode.ERROR, "boom")
            .kind(SpanKind.CLIENT).build(),
        tagged(span(tagged, 1, 0, "api", "op", base + 1, 10), Tag.bool("error", true)),
        span(fine, 1, 0, "api", "op", base + 2, 10).toBuilder().status(StatusCode.OK, "").build());
    assertEquals(Set.of(otel, tagged), Set.copyOf(traceIds(find(query("api").tag("error", "true").build()))));
    assertEquals(List.of(otel), traceIds(find(query("api").tag("otel.status_code", "ERROR").build())));
    assertEquals(List.of(otel), traceIds(find(query("api").tag("otel.status_description", "boom").build())));
    assertEquals(List.of(otel), traceIds(find(query("api").tag("span.kind", "client").build())));
    assertEquals(List.of(fine), traceIds(find(query("api").tag("otel.status_code", "OK").build())));
  }

  @Test
  void findsByDurationBounds() {
    TraceId fast = newTraceId();
    TraceId medium = newTraceId();
    TraceId slow = newTraceId();
    write(span(fast, 1, 0, "api", "op", base, 10_000),
        span(medium, 1, 0, "api", "op", base + 1, 50_000),
        span(slow, 1, 0, "api", "op", base + 2, 200_000));
    assertEquals(List.of(slow, medium), traceIds(find(query("api").durationMin(40_000).build())));
    assertEquals(List.of(medium, fast), traceIds(find(query("api").durationMax(100_000).build())));
    assertEquals(List.of(medium), traceIds(find(query("api").durationMin(40_000).durationMax(100_000).build())));
    assertEquals(List.of(medium), traceIds(find(query("api").durationMin(50_000).durationMax(50_000).build())));
  }

  @Test
  void durationBoundAppliesToTheSpanThatMatches() {
    TraceId t = newTraceId();
    write(span(t, 1, 0, "api", "slow", base, 200_000), span(t, 2, 1, "api", "fast", base + 1, 10));
    assertEquals(List.of(), traceIds(find(query("api").operation("fast").durationMin(100_000).build())));
    assertEquals(List.of(t), traceIds(find(query("api").operation("slow").durationMin(100_000).build())));
  }

  @Test
  void findsWithinTheTimeRange() {
    TraceId t10 = newTraceId();
    TraceId t20 = newTraceId();
    TraceId t30 = newTraceId();
    write(span(t10, 1, 0, "api", "op", base + 10 * SECOND, 100),
        span(t20, 1, 0, "api", "op", base + 20 * SECOND, 100),
        span(t20, 2, 1, "api", "op", base + 20 * SECOND + 50, 10),
        span(t30, 1, 0, "api", "op", base + 30 * SECOND, 100));
    assertEquals(List.of(t30, t20), traceIds(find(query("api")
        .start(base + 15 * SECOND, base + 35 * SECOND).build())));
    assertEquals(List.of(t20, t10), traceIds(find(query("api")
        .start(base + 5 * SECOND, base + 25 * SECOND).build())));
    assertEquals(List.of(), traceIds(find(query("api")
        .start(base + 40 * SECOND, base + 50 * SECOND).build())));
  }

  @Test
  void limitKeepsTheMostRecentTraces() {
    List<TraceId> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TraceId t = newTraceId();
      ids.add(t);
      write(span(t, 1, 0, "api", "op", base + i * SECOND, 100));
    }
    assertEquals(List.of(ids.get(5), ids.get(4), ids.get(3)), traceIds(find(query("api").limit(3).build())));
    assertEquals(List.of(ids.get(5), ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)),
        traceIds(find(query("api").limit(100).build())));
  }

  @Test
  void mostRecentFirstGoesByTraceStartNotArrival() {
    TraceId older = newTraceId();
    TraceId newer = newTraceId();
    write(span(newer, 1, 0, "api", "op", base + 20 * SECOND, 100));
    write(span(older, 1, 0, "api", "op", base + 10 * SECOND, 100));
    assertEquals(List.of(newer, older), traceIds(find(query("api").build())));
  }

  // ---- search without a service (Jaeger v2: every condition may stand alone) ----

  @Test
  void operationAloneMatchesThatSpanNameInAnyService() {
    String pay = svc("POST /pay");
    TraceId atRoot = newTraceId();
    TraceId inChild = newTraceId();
    TraceId other = newTraceId();
    write(span(atRoot, 1, 0, "web", pay, base, 100),
        span(inChild, 1, 0, "gateway", svc("GET /"), base + SECOND, 100),
        span(inChild, 2, 1, "billing", pay, base + SECOND + 10, 50),
        span(other, 1, 0, "web", svc("GET /cart"), base + 2 * SECOND, 100));

    List<List<Span>> found = find(anyService().operation(pay).build());
    assertEquals(List.of(inChild, atRoot), traceIds(found), "newest first, from both services");
    assertEquals(2, found.get(0).size(), "whole traces");
    assertEquals(List.of(other), traceIds(find(anyService().operation(svc("GET /cart")).build())));
    assertEquals(List.of(), traceIds(find(anyService().operation(svc("POST /refund")).build())));
    assertEquals(List.of(inChild), traceIds(find(query("billing").operation(pay).build())), "with a service, only its spans");
  }

  @Test
  void tagAloneMatchesInAnyServiceOnSpansProcessesAndLogs() {
    String order = svc("order-42");
    TraceId onSpan = newTraceId();
    TraceId onProcess = newTraceId();
    TraceId inLog = newTraceId();
    TraceId otherValue = newTraceId();
    write(tagged(span(onSpan, 1, 0, "web", "op", base, 10), Tag.string("order.id", order)),
        span(onProcess, 1, 0, "worker", "op", base + 1, 10).toBuilder()
            .process(new Process(svc("worker"), List.of(Tag.string("order.id", order)))).build(),
        span(inLog, 1, 0, "mailer", "op", base + 2, 10).toBuilder()
            .logs(List.of(new Log(base + 3, List.of(Tag.string("order.id", order))))).build(),
        tagged(span(otherValue, 1, 0, "web", "op", base + 3, 10), Tag.string("order.id", order + "0")));

    assertEquals(List.of(inLog, onProcess, onSpan), traceIds(find(anyService().tag("order.id", order).build())));
    assertEquals(List.of(otherValue), traceIds(find(anyService().tag("order.id", order + "0").build())));
    assertEquals(List.of(), traceIds(find(anyService().tag("order.id", svc("order-43")).build())));
    assertEquals(List.of(onSpan), traceIds(find(query("web").tag("order.id", order).build())));
  }

  @Test
  void withoutAServiceEveryConditionStillHoldsOnOneSpan() {
    String op = svc("charge");
    String card = svc("card-7");
    TraceId together = newTraceId();
    TraceId apart = newTraceId();
    write(tagged(span(together, 1, 0, "billing", op, base, 300_000), Tag.string("card", card)),
        span(apart, 1, 0, "billing", op, base + 1, 300_000),
        tagged(span(apart, 2, 1, "fraud", svc("score"), base + 2, 10), Tag.string("card", card)));

    assertEquals(List.of(apart, together), traceIds(find(anyService().tag("card", card).build())));
    assertEquals(List.of(together), traceIds(find(anyService().operation(op).tag("card", card).build())));
    assertEquals(List.of(together), traceIds(find(anyService().tag("card", card).durationMin(100_000).build())));
    assertEquals(List.of(), traceIds(find(anyService().operation(svc("score")).tag("card", card).durationMin(100).build())));
  }

  @Test
  void durationAloneMatchesInAnyService() {
    // Far longer than any other test's spans, so a store shared between tests holds no others.
    long d = 5_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    TraceId shorter = newTraceId();
    TraceId exact = newTraceId();
    TraceId longer = newTraceId();
    write(span(shorter, 1, 0, "web", "op", base, d - 1),
        span(exact, 1, 0, "db", "op", base + 1, 10),
        span(exact, 2, 1, "cache", "op", base + 2, d),
        span(longer, 1, 0, "web", "op", base + 3, d + 10));

    assertEquals(List.of(exact), traceIds(find(anyService().durationMin(d).durationMax(d + 5).build())));
    assertEquals(List.of(longer, exact), traceIds(find(anyService().durationMin(d).build())));
    assertEquals(List.of(longer, exact, shorter), traceIds(find(anyService().durationMin(d - 1).build())));
    assertEquals(List.of(), traceIds(find(anyService().durationMin(d + 11).build())));
  }

  @Test
  void timeRangeAloneFindsEveryServiceNewestFirstUpToTheLimit() {
    // A random instant two to three hours before the other tests' traces: this test's own window.
    long t = base - 2 * HOUR - ThreadLocalRandom.current().nextLong(HOUR);
    TraceId first = newTraceId();
    TraceId second = newTraceId();
    TraceId third = newTraceId();
    TraceId later = newTraceId();
    write(span(first, 1, 0, "web", "op", t, 10),
        span(second, 1, 0, "db", "op", t + 100, 10),
        span(third, 1, 0, "cache", "op", t + 200, 10),
        span(later, 1, 0, "web", "op", t + 10 * SECOND, 10));

    assertEquals(List.of(third, second, first), traceIds(find(TraceQuery.between(t, t + 250, 20))));
    assertEquals(List.of(third, second), traceIds(find(TraceQuery.between(t, t + 250, 2))));
    assertEquals(List.of(second), traceIds(find(TraceQuery.between(t + 50, t + 150, 20))));
    assertEquals(List.of(later, third, second, first), traceIds(find(TraceQuery.between(t, t + 11 * SECOND, 20))));
    assertEquals(List.of(), traceIds(find(TraceQuery.between(t + 201, t + 9 * SECOND, 20))));
  }

  @Test
  void withoutAServiceTheLimitKeepsTheMostRecentTraces() {
    String op = svc("poll");
    List<TraceId> ids = new ArrayList<>();
    String[] services = {"a", "b", "c"};
    for (int i = 0; i < 6; i++) {
      TraceId t = newTraceId();
      ids.add(t);
      write(span(t, 1, 0, services[i % 3], op, base + i * SECOND, 100));
    }
    assertEquals(List.of(ids.get(5), ids.get(4), ids.get(3)), traceIds(find(anyService().operation(op).limit(3).build())));
    assertEquals(List.of(ids.get(5), ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)),
        traceIds(find(anyService().operation(op).limit(100).build())));
    assertEquals(List.of(ids.get(3), ids.get(2)),
        traceIds(find(anyService().operation(op).start(base + 2 * SECOND, base + 3 * SECOND).build())));
  }

  // ---- dependencies ----

  @Test
  void dependenciesCountCallsBetweenServices() {
    TraceId t1 = newTraceId();
    write(
        span(t1, 1, 0, "frontend", "root", base + 10 * SECOND, 100),
        span(t1, 2, 1, "backend", "a", base + 10 * SECOND + 1, 50),
        span(t1, 3, 1, "backend", "b", base + 10 * SECOND + 2, 50),
        span(t1, 4, 2, "db", "q", base + 10 * SECOND + 3, 10),
        span(t1, 5, 2, "backend", "internal", base + 10 * SECOND + 4, 10), // same service: no link
        span(t1, 6, 99, "cache", "orphan", base + 10 * SECOND + 5, 10), // parent not in trace
        span(t1, 7, 0, "queue", "follows", base + 10 * SECOND + 6, 10).toBuilder()
            .references(List.of(new SpanRef(RefType.FOLLOWS_FROM, t1, 1))).build());
    TraceId t2 = newTraceId();
    write(span(t2, 1, 0, "frontend", "root", base + 20 * SECOND, 100));
    write(span(t2, 2, 1, "backend", "a", base + 20 * SECOND + 1, 50)); // parent arrived first
    TraceId t3 = newTraceId();
    write(span(t3, 2, 1, "db", "q", base + 30 * SECOND + 1, 50)); // child arrives first
    write(span(t3, 1, 0, "frontend", "root", base + 30 * SECOND, 100));

    assertEquals(List.of(link("backend", "db", 1), link("frontend", "backend", 3), link("frontend", "db", 1)),
        dependencies(base + 60 * SECOND, HOUR));
  }

  @Test
  void dependenciesOfConcurrentWritesAddUp() {
    // Written all at once (a store may sum the counts of writes in flight together: none may be lost).
    List<io.vertx.core.Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      TraceId t = newTraceId();
      long start = base + (i < 20 ? 10 : 40) * SECOND + i;
      List<Span> spans = new ArrayList<>(List.of(span(t, 1, 0, "frontend", "root", start, 100),
          span(t, 2, 1, "backend", "a", start + 1, 50)));
      if (i % 2 == 0) {
        spans.add(span(t, 3, 2, "db", "q", start + 2, 10));
      }
      writes.add(store.write(spans));
    }
    await(io.vertx.core.Future.all(writes));
    assertEquals(List.of(link("backend", "db", 20), link("frontend", "backend", 40)),
        dependencies(base + 60 * SECOND, HOUR));
    assertEquals(List.of(link("backend", "db", 10), link("frontend", "backend", 20)),
        dependencies(base + 45 * SECOND, 10 * SECOND), "the later twenty traces only");
  }

  @Test
  void dependenciesHonourTheLookbackWindow() {
    TraceId old = newTraceId();
    // 90 minutes back, not 2 hours: the hour before that is timeRangeAlone's, and a store shared by tests
    // (OpenSearch) would show this trace to its search without a service.
    write(span(old, 1, 0, "frontend", "root", base - 90 * 60 * SECOND, 100),
        span(old, 2, 1, "db", "q", base - 90 * 60 * SECOND + 1, 10));
    TraceId recent = newTraceId();
    write(span(recent, 1, 0, "frontend", "root", base + 10 * SECOND, 100),
        span(recent, 2, 1, "backend", "q", base + 10 * SECOND + 1, 10));
    TraceId later = newTraceId();
    write(span(later, 1, 0, "frontend", "root", base + 50 * SECOND, 100),
        span(later, 2, 1, "backend", "q", base + 50 * SECOND + 1, 10));

    assertEquals(List.of(link("frontend", "backend", 2)), dependencies(base + 60 * SECOND, HOUR));
    assertEquals(List.of(link("frontend", "backend", 1)), dependencies(base + 20 * SECOND, HOUR));
    assertEquals(List.of(link("frontend", "backend", 2), link("frontend", "db", 1)),
        dependencies(base + 60 * SECOND, 3 * HOUR));
    assertEquals(List.of(), dependencies(base - HOUR, 10 * SECOND));
  }

  // ---- dependency links recorded without spans (the traces tail sampling drops) ----

  @Test
  void linksOnlyWritesCountInDependenciesAsStoredTracesWould() {
    TraceId kept = newTraceId();
    write(span(kept, 1, 0, "frontend", "root", base + 20 * SECOND, 100),
        span(kept, 2, 1, "backend", "a", base + 20 * SECOND + 1, 50));
    TraceId dropped = newTraceId();
    writeLinksOnly(span(dropped, 1, 0, "frontend", "root", base + 30 * SECOND, 100),
        span(dropped, 2, 1, "backend", "a", base + 30 * SECOND + 1, 50),
        span(dropped, 3, 2, "db", "q", base + 30 * SECOND + 2, 10),
        span(dropped, 4, 2, "backend", "internal", base + 30 * SECOND + 3, 10)); // same service: no link
    TraceId split = newTraceId();
    writeLinksOnly(span(split, 2, 1, "backend", "a", base + 40 * SECOND + 1, 50)); // the child first
    writeLinksOnly(span(split, 1, 0, "frontend", "root", base + 40 * SECOND, 100));
    writeLinksOnly(span(split, 1, 0, "frontend", "root", base + 40 * SECOND, 100)); // a retry: counted once

    assertEquals(List.of(link("backend", "db", 1), link("frontend", "backend", 3)),
        dependencies(base + 60 * SECOND, HOUR));
    assertEquals(List.of(link("backend", "db", 1), link("frontend", "backend", 1)),
        dependencies(base + 35 * SECOND, 10 * SECOND), "the lookback window holds the dropped trace only");
  }

  @Test
  void linksOnlyWritesStoreNoSpan() {
    TraceId dropped = newTraceId();
    writeLinksOnly(span(dropped, 1, 0, "frontend", "root", base + 30 * SECOND, 100),
        span(dropped, 2, 1, "db", "q", base + 30 * SECOND + 1, 50));
    TraceId kept = newTraceId();
    write(span(kept, 1, 0, "frontend", "root", base + 31 * SECOND, 100));

    assertEquals(List.of(link("frontend", "db", 1)), dependencies(base + 60 * SECOND, HOUR));
    assertEquals(List.of(), trace(dropped), "the trace cannot be read");
    assertEquals(List.of(kept), traceIds(find(query("frontend").build())), "nor found");
    assertEquals(List.of(), find(query("db").build()));
    assertTrue(!await(store.getServices()).contains(svc("db")), "a service seen only in dropped traces is not listed");
    assertEquals(List.of(), await(store.getOperations(svc("db"), null)));
    if (listsTracesByStart()) {
      assertTrue(!await(store.traceIdsStartedIn(base, base + HOUR)).contains(dropped), "nor listed by start");
    }
  }

  // ---- listing by start time (what the cold tier's handoff moves) ----

  /** Whether the store under test is a hot store that lists traces by start time (a tiered reader is not). */
  protected boolean listsTracesByStart() {
    return true;
  }

  @Test
  void tracesAreListedByTheirStart() {
    org.junit.jupiter.api.Assumptions.assumeTrue(listsTracesByStart());
    TraceId inside = newTraceId();
    TraceId before = newTraceId();
    TraceId atEnd = newTraceId();
    TraceId spansInto = newTraceId();
    TraceId lateChild = newTraceId();
    long from = base + 100 * SECOND;
    long to = base + 200 * SECOND;
    write(span(inside, 1, 0, "api", "op", from, 10), span(inside, 2, 1, "db", "q", to + SECOND, 10),
        span(before, 1, 0, "api", "op", from - 1, 10),
        span(atEnd, 1, 0, "api", "op", to, 10),
        // starts before the range, a later span inside it: it may be listed (the caller checks its start)
        span(spansInto, 1, 0, "api", "op", from - SECOND, 10), span(spansInto, 2, 1, "api", "op", from + SECOND, 10));
    write(span(lateChild, 2, 1, "db", "q", to - 1, 10)); // a child arrives first, its root later
    write(span(lateChild, 1, 0, "api", "op", from + 5 * SECOND, 10));

    List<TraceId> listed = await(store.traceIdsStartedIn(from, to));
    assertEquals(listed.size(), new HashSet<>(listed).size(), "each trace once: " + listed);
    assertTrue(listed.contains(inside), "a trace starting in the range");
    assertTrue(listed.contains(lateChild), "a trace whose root arrived after a child");
    assertTrue(!listed.contains(before), "a trace starting just before the range");
    assertTrue(!listed.contains(atEnd), "the range's end is excluded");
    assertEquals(List.of(), await(store.traceIdsStartedIn(to + HOUR, to + 2 * HOUR)).stream()
        .filter(Set.of(inside, before, atEnd, spansInto, lateChild)::contains).toList());
  }

  // ---- helpers for subclasses and tests ----

  /** This test's name for a service. */
  protected String svc(String name) {
    return prefix + name;
  }

  /** A span of this test's service {@code service}, a child of {@code parent} unless that is 0. */
  protected Span span(TraceId t, long id, long parent, String service, String op, long start, long duration) {
    return TestSpans.of(t, id, parent, svc(service), op).startTimeMicros(start).durationMicros(duration).build();
  }

  protected static Span tagged(Span s, Tag... tags) {
    return s.toBuilder().tags(Arrays.asList(tags)).build();
  }

  protected QueryBuilder query(String service) {
    return new QueryBuilder(svc(service), base - 3 * HOUR, base + HOUR);
  }

  /** A query over every service, in the same window as {@link #query}. */
  protected QueryBuilder anyService() {
    return new QueryBuilder(null, base - 3 * HOUR, base + HOUR);
  }

  protected void write(Span... spans) {
    await(store.write(List.of(spans)));
  }

  protected void writeLinksOnly(Span... spans) {
    await(store.writeLinksOnly(List.of(spans)));
  }

  protected List<Span> trace(TraceId id) {
    return await(store.getTrace(id));
  }

  protected List<List<Span>> find(TraceQuery q) {
    return await(store.findTraces(q));
  }

  /** This test's links (other tests' services are left out), sorted. */
  protected List<DependencyLink> dependencies(long end, long lookback) {
    return await(store.getDependencies(end, lookback)).stream()
        .filter(l -> l.parent().startsWith(prefix) && l.child().startsWith(prefix))
        .sorted(Comparator.comparing(DependencyLink::parent).thenComparing(DependencyLink::child))
        .toList();
  }

  protected DependencyLink link(String parent, String child, long calls) {
    return new DependencyLink(svc(parent), svc(child), calls);
  }

  protected static List<TraceId> traceIds(List<List<Span>> traces) {
    List<TraceId> ids = new ArrayList<>();
    for (List<Span> t : traces) {
      assertTrue(!t.isEmpty(), "a found trace has spans");
      assertEquals(1, t.stream().map(Span::traceId).distinct().count(), "one trace id per trace");
      ids.add(t.get(0).traceId());
    }
    return ids;
  }

  /** Same spans, each exactly once, in any order. */
  protected static void assertSameSpans(List<Span> expected, List<Span> actual) {
    Comparator<Span> order = Comparator.comparing(Span::toString);
    assertEquals(expected.stream().sorted(order).toList(), actual.stream().sorted(order).toList());
  }

  private static <T> void assertSorted(List<T> list, Comparator<? super T> order) {
    for (int i = 1; i < list.size(); i++) {
      assertTrue(order.compare(list.get(i - 1), list.get(i)) <= 0, "sorted: " + list);
    }
  }

  /** Builds a {@link TraceQuery}; times default to a window around this test's traces. */
  protected static final class QueryBuilder {
    private final String service;
    private String operation;
    private final Map<String, String> tags = new java.util.LinkedHashMap<>();
    private long startMin;
    private long startMax;
    private long durationMin;
    private long durationMax;
    private int limit = 20;

    QueryBuilder(String service, long startMin, long startMax) {
      this.service = service;
      this.startMin = startMin;
      this.startMax = startMax;
    }

    public QueryBuilder operation(String v) { operation = v; return this; }
    public QueryBuilder tag(String k, String v) { tags.put(k, v); return this; }
    public QueryBuilder start(long min, long max) { startMin = min; startMax = max; return this; }
    public QueryBuilder durationMin(long v) { durationMin = v; return this; }
    public QueryBuilder durationMax(long v) { durationMax = v; return this; }
    public QueryBuilder limit(int v) { limit = v; return this; }

    public TraceQuery build() {
      return new TraceQuery(service, operation, tags, startMin, startMax, durationMin, durationMax, limit);
    }
  }
}
