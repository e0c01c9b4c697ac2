package io.weft.traceql;

import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Traces every query-language test runs on, named so expectations read plainly. Service names
 * carry a random prefix and trace ids are random, so stores shared between tests (a Cassandra
 * keyspace) keep each run's data apart; times lie around {@code base}.
 *
 * <ul>
 *   <li>{@code deep}: frontend GET /checkout (server, 200) &gt; checkout POST /pay (server, error
 *       "card declined", 503, an exception event, JDBC instrumentation scope) &gt; db SELECT orders
 *       (client, 250 ms) &gt; db fetch-1 &gt; ... &gt; db fetch-6: a chain 9 spans deep.</li>
 *   <li>{@code wide}: frontend GET /browse with 40 catalog fetch-item children, three of them
 *       errors; one child has a grandchild.</li>
 *   <li>{@code linked}: worker consume (consumer) with a follows-from link to {@code deep}'s root
 *       (attributes reason=retry, attempt=2), and a Jaeger-style error tag instead of an OTel status.</li>
 *   <li>{@code quiet}: frontend GET /health, 2 ms, nothing else.</li>
 * </ul>
 */
public final class QueryFixture {
  public static final long MS = 1000;

  public final String prefix = "q" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20) + "-";
  public final long base;
  public final Map<String, List<Span>> traces = new LinkedHashMap<>();

  public QueryFixture(long baseMicros) {
    this.base = baseMicros;
    traces.put("deep", deep());
    traces.put("wide", wide());
    traces.put("linked", linked());
    traces.put("quiet", quiet());
  }

  public String svc(String name) {
    return prefix + name;
  }

  public TraceId id(String trace) {
    return traces.get(trace).get(0).traceId();
  }

  public List<Span> all() {
    List<Span> out = new ArrayList<>();
    traces.values().forEach(out::addAll);
    return out;
  }

  /** The fixture trace's name for a trace id, or null for someone else's trace. */
  public String nameOf(TraceId id) {
    for (Map.Entry<String, List<Span>> e : traces.entrySet()) {
      if (e.getValue().get(0).traceId().equals(id)) {
        return e.getKey();
      }
    }
    return null;
  }

  private List<Span> deep() {
    TraceId t = newId();
    List<Span> s = new ArrayList<>();
    s.add(span(t, 1, 0, "frontend", "GET /checkout", base, 300 * MS).toBuilder().kind(SpanKind.SERVER)
        .tags(List.of(Tag.int64("http.status_code", 200), Tag.string("http.method", "GET")))
        .process(new Process(svc("frontend"), List.of(Tag.string("deployment.environment", "prod"),
            Tag.string("host.name", "web-1"))))
        .build());
    s.add(span(t, 2, 1, "checkout", "POST /pay", base + 10 * MS, 280 * MS).toBuilder().kind(SpanKind.SERVER)
        .status(StatusCode.ERROR, "card declined")
        .tags(List.of(Tag.int64("http.status_code", 503), Tag.string("http.method", "POST"),
            Tag.string("otel.scope.name", "io.opentelemetry.jdbc"), Tag.string("otel.scope.version", "1.2")))
        .logs(List.of(new Log(base + 15 * MS, List.of(Tag.string("event", "exception"),
            Tag.string("exception.message", "timeout talking to the bank"), Tag.int64("attempt", 3)))))
        .build());
    s.add(span(t, 3, 2, "db", "SELECT orders", base + 20 * MS, 250 * MS).toBuilder().kind(SpanKind.CLIENT)
        .tags(List.of(Tag.string("db.system", "postgresql"), Tag.float64("ratio", 0.25), Tag.bool("retry", true)))
        .build());
    for (int i = 1; i <= 6; i++) {
      s.add(span(t, 3 + i, 2 + i, "db", "fetch-" + i, base + (20 + i) * MS, (10 - i) * MS));
    }
    return s;
  }

  private List<Span> wide() {
    TraceId t = newId();
    List<Span> s = new ArrayList<>();
    s.add(span(t, 1, 0, "frontend", "GET /browse", base + 1000 * MS, 120 * MS).toBuilder().kind(SpanKind.SERVER)
        .tags(List.of(Tag.int64("http.status_code", 200), Tag.string("http.method", "GET")))
        .process(new Process(svc("frontend"), List.of(Tag.string("deployment.environment", "staging"))))
        .build());
    for (int i = 0; i < 40; i++) {
      Span child = span(t, 100 + i, 1, "catalog", "fetch-item", base + (1001 + i) * MS, (5 + i) * MS).toBuilder()
          .kind(SpanKind.CLIENT).tags(List.of(Tag.int64("item", i))).build();
      if (i % 15 == 7) {
        child = child.toBuilder().status(StatusCode.ERROR, "not found").build();
      }
      s.add(child);
    }
    s.add(span(t, 500, 100, "catalog", "cache-get", base + 1002 * MS, 1 * MS));
    return s;
  }

  private List<Span> linked() {
    TraceId t = newId();
    Span consume = span(t, 1, 0, "worker", "consume", base + 2000 * MS, 40 * MS).toBuilder()
        .kind(SpanKind.CONSUMER)
        .references(List.of(new SpanRef(RefType.FOLLOWS_FROM, id("deep"), 1,
            List.of(Tag.string("reason", "retry"), Tag.int64("attempt", 2)))))
        .tags(List.of(Tag.bool("error", true), Tag.string("messaging.system", "kafka")))
        .build();
    return List.of(consume, span(t, 2, 1, "worker", "process", base + 2001 * MS, 30 * MS));
  }

  private List<Span> quiet() {
    return List.of(span(newId(), 1, 0, "frontend", "GET /health", base + 3000 * MS, 2 * MS).toBuilder()
        .kind(SpanKind.SERVER).build());
  }

  private Span span(TraceId t, long id, long parent, String service, String op, long start, long duration) {
    return Span.builder().traceId(t).spanId(id).operationName(op)
        .references(parent == 0 ? List.of() : List.of(SpanRef.childOf(t, parent)))
        .startTimeMicros(start).durationMicros(duration)
        .process(new Process(svc(service), List.of()))
        .build();
  }

  private static TraceId newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new TraceId(r.nextLong(), r.nextLong());
  }
}
