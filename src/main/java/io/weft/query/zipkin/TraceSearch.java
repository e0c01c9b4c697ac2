package io.weft.query.zipkin;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.ZipkinEncoder;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.query.TraceAssembler;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import zipkin2.storage.QueryRequest;

/**
 * {@code /api/v2/traces}. The parameters become zipkin2's own {@link QueryRequest} (its defaults,
 * checks, error texts and lowercasing), whose {@code test} then decides which traces match, exactly
 * as Zipkin's server decides. Weft's storage supplies the candidates: traces of the stored services
 * (and span names) the request's names stand for, started within the window, with one span-level
 * condition pushed down; more are fetched while too few of them match.
 */
final class TraceSearch {
  static final int DEFAULT_LIMIT = 10;
  /** Candidates fetched at most for one request, however few of them match. */
  static final int MAX_CANDIDATES = 10_000;

  private final SpanReader reader;
  private final LongSupplier nowMillis;

  TraceSearch(SpanReader reader, LongSupplier nowMillis) {
    this.reader = reader;
    this.nowMillis = nowMillis;
  }

  Future<Reply> handle(RoutingContext ctx) {
    Long endTs = Params.optionalLong(ctx, "endTs");
    Long lookback = Params.optionalLong(ctx, "lookback");
    QueryRequest request = QueryRequest.newBuilder()
        .serviceName(Params.optional(ctx, "serviceName"))
        .remoteServiceName(Params.optional(ctx, "remoteServiceName"))
        .spanName(Params.optional(ctx, "spanName"))
        .parseAnnotationQuery(Params.optional(ctx, "annotationQuery"))
        .minDuration(Params.optionalLong(ctx, "minDuration"))
        .maxDuration(Params.optionalLong(ctx, "maxDuration"))
        .endTs(endTs != null ? endTs : nowMillis.getAsLong())
        .lookback(lookback != null ? lookback : ZipkinSettings.DEFAULT_LOOKBACK_MS)
        .limit(Params.intOr(ctx, "limit", DEFAULT_LIMIT))
        .build(); // IllegalArgumentException: Zipkin's 400s ("limit <= 0", "maxDuration < minDuration", ...)
    return plan(request).compose(plans -> search(request, plans, Math.max(4 * request.limit(), 100)))
        .map(traces -> Reply.json(ZipkinEncoder.encodeTraces(traces)));
  }

  /** A storage query without its limit: a stored service and span name, or none. */
  private record Plan(String service, String operation) {}

  private Future<List<Plan>> plan(QueryRequest r) {
    if (r.serviceName() == null) {
      return Future.succeededFuture(List.of(new Plan(null, null)));
    }
    return Names.services(reader, r.serviceName()).compose(services -> {
      if (r.spanName() == null) {
        return Future.succeededFuture(services.stream().map(s -> new Plan(s, null)).toList());
      }
      List<Future<List<Operation>>> ops = new ArrayList<>(services.size());
      for (String s : services) {
        ops.add(reader.getOperations(s, null));
      }
      return Future.all(ops).map(all -> {
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
          List<Operation> list = all.resultAt(i);
          List<String> names = list.stream().map(Operation::name).distinct().toList();
          for (String op : Names.matching(names, r.spanName())) {
            plans.add(new Plan(services.get(i), op));
          }
        }
        return plans;
      });
    });
  }

  private Future<List<List<zipkin2.Span>>> search(QueryRequest r, List<Plan> plans, int candidates) {
    List<Future<List<List<Span>>>> found = new ArrayList<>(plans.size());
    for (Plan p : plans) {
      found.add(reader.findTraces(query(r, p, candidates)));
    }
    return Future.all(found).compose(all -> {
      Map<TraceId, List<Span>> traces = new LinkedHashMap<>();
      boolean truncated = false;
      for (int i = 0; i < plans.size(); i++) {
        List<List<Span>> list = all.resultAt(i);
        truncated |= list.size() >= candidates;
        for (List<Span> t : list) {
          if (!t.isEmpty()) {
            traces.putIfAbsent(t.get(0).traceId(), t);
          }
        }
      }
      List<List<zipkin2.Span>> matching = matching(r, traces.values());
      if (matching.size() < r.limit() && truncated && candidates < MAX_CANDIDATES) {
        return search(r, plans, Math.min(MAX_CANDIDATES, candidates * 4));
      }
      return Future.succeededFuture(matching);
    });
  }

  /**
   * One span-level condition goes to storage, which matches all of them on one span while Zipkin
   * lets different spans of the service meet them: the span name if given, else the durations.
   */
  private static TraceQuery query(QueryRequest r, Plan p, int limit) {
    boolean durations = p.operation() == null && r.minDuration() != null;
    long max = r.maxDuration() == null ? 0 : r.maxDuration();
    return new TraceQuery(p.service(), p.operation(), Map.of(),
        Names.micros(r.endTs() - r.lookback()), Names.micros(r.endTs()),
        durations ? r.minDuration() : 0, durations ? max : 0, limit);
  }

  /**
   * Zipkin's verdict and order. Zipkin indexes traces by the low 64 bits of their id: traces sharing
   * them form one entry, placed by the latest span start in the window among all their spans, most
   * recent first (then by that id, descending); the limit counts matching traces entry by entry.
   */
  private static List<List<zipkin2.Span>> matching(QueryRequest r, Iterable<List<Span>> candidates) {
    record Hit(long startMicros, List<zipkin2.Span> spans) {}
    final class Entry {
      final String lowTraceId;
      long newestMillis = Long.MIN_VALUE;
      final List<Hit> hits = new ArrayList<>(1);

      Entry(String lowTraceId) {
        this.lowTraceId = lowTraceId;
      }
    }
    long begin = r.endTs() - r.lookback();
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (List<Span> t : candidates) {
      List<zipkin2.Span> spans = ZipkinEncoder.toZipkin(TraceAssembler.raw(t));
      long newest = Long.MIN_VALUE;
      long start = Long.MAX_VALUE;
      for (zipkin2.Span s : spans) {
        long ms = s.timestampAsLong() / 1000;
        if (ms >= begin && ms <= r.endTs()) {
          newest = Math.max(newest, ms);
        }
        start = Math.min(start, s.timestampAsLong());
      }
      if (newest == Long.MIN_VALUE) {
        continue; // no span in the window: not in Zipkin's candidates at all
      }
      String id = spans.get(0).traceId();
      Entry e = entries.computeIfAbsent(id.length() == 32 ? id.substring(16) : id, Entry::new);
      e.newestMillis = Math.max(e.newestMillis, newest);
      if (r.test(spans)) {
        e.hits.add(new Hit(start, spans));
      }
    }
    List<Entry> ordered = new ArrayList<>(entries.values());
    ordered.sort(Comparator.comparingLong((Entry e) -> e.newestMillis).thenComparing(e -> e.lowTraceId).reversed());
    List<List<zipkin2.Span>> out = new ArrayList<>();
    for (Entry e : ordered) {
      if (out.size() >= r.limit()) {
        break;
      }
      e.hits.sort(Comparator.comparingLong(Hit::startMicros));
      e.hits.forEach(h -> out.add(h.spans()));
    }
    return out;
  }
}
