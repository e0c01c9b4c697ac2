package io.weft.storage.spread;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.wire.SpanBatch;

import io.weft.wire.Addresses;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the spans of a cluster whose members each keep their own in-memory store: every read goes to
 * every live member ({@link StoreService}) and the answers are merged. A trace's spans normally sit
 * on the member owning its trace id, but may be split (owners changed, a forward fell back to the
 * local store), so traces are always merged by id. A search first collects matching ids with their
 * start from everyone, then fetches only the newest {@code limit} of them whole and checks them
 * again as whole traces. A member that does not answer within {@code cluster.query-timeout} is left
 * out of the answer (counted in {@code weft_cluster_requests_failed_total{what="query"}}).
 */
public final class ScatterSpanReader implements SpanReader {
  private static final Logger LOG = LoggerFactory.getLogger(ScatterSpanReader.class);

  private final Vertx vertx;
  private final Supplier<List<String>> members;
  private final DeliveryOptions options;
  private final SpreadMetrics metrics;

  public ScatterSpanReader(Vertx vertx, Supplier<List<String>> members, long timeoutMs, SpreadMetrics metrics) {
    this(vertx, members, timeoutMs, metrics, null);
  }

  /** A reader of one tenant's spans: every request names {@code tenant} (null: the members' own stores). */
  public ScatterSpanReader(Vertx vertx, Supplier<List<String>> members, long timeoutMs, SpreadMetrics metrics,
      String tenant) {
    this.vertx = vertx;
    this.members = members;
    this.options = StoreMessages.forTenant(new DeliveryOptions().setSendTimeout(timeoutMs), tenant);
    this.metrics = metrics;
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return fetch(List.of(traceId.toHex())).map(byTrace -> byTrace.getOrDefault(traceId, List.of()));
  }

  @Override
  public Future<List<String>> getServices() {
    return gather(StoreMessages.request(StoreMessages.SERVICES), body -> (JsonArray) body).map(answers -> {
      Set<String> names = new TreeSet<>();
      answers.forEach(a -> a.forEach(n -> names.add((String) n)));
      return List.copyOf(names);
    });
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    JsonObject req = StoreMessages.request(StoreMessages.OPERATIONS).put("service", service).put("spanKind", spanKind);
    return gather(req, body -> (JsonArray) body).map(answers -> {
      Set<Operation> ops = new TreeSet<>(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
      answers.forEach(a -> a.forEach(o -> ops.add(new Operation(((JsonArray) o).getString(0), ((JsonArray) o).getString(1)))));
      return List.copyOf(ops);
    });
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    JsonObject req = StoreMessages.request(StoreMessages.FIND).put("query", StoreMessages.query(query));
    return gather(req, body -> (JsonArray) body).compose(answers -> {
      Map<String, Long> starts = new HashMap<>();
      answers.forEach(a -> a.forEach(o -> starts.merge(((JsonArray) o).getString(0), ((JsonArray) o).getLong(1), Math::min)));
      List<String> newest = starts.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(query.limit()).map(Map.Entry::getKey).toList();
      return newest.isEmpty() ? Future.succeededFuture(Map.<TraceId, List<Span>>of()) : fetch(newest);
    }).map(byTrace -> {
      SpanMatcher matcher = new SpanMatcher(query);
      List<List<Span>> out = new ArrayList<>();
      for (List<Span> t : byTrace.values()) {
        if (matcher.matchesTrace(t)) {
          out.add(t);
        }
      }
      out.sort(Comparator.comparingLong((List<Span> t) -> SpanMatcher.traceStart(t)).reversed());
      return out;
    });
  }

  /**
   * Every member scans its own store (the filter travels as its text and each member compiles it),
   * answering matching ids with their start; the newest {@code limit} are fetched whole and tested
   * again as whole traces. The answer is partial when a member's scan was, or a member did not answer.
   */
  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    TraceQuery q = scan.candidates();
    JsonObject req = StoreMessages.request(StoreMessages.SCAN).put("query", StoreMessages.query(q))
        .put("filter", scan.filter().expression()).put("budget", scan.budget());
    List<String> ids = members.get();
    List<Future<JsonObject>> all = new ArrayList<>(ids.size());
    for (String id : ids) {
      all.add(vertx.eventBus().<JsonObject>request(Addresses.storeRead(id), req, options).map(msg -> msg.body()));
    }
    return Future.join(all).transform(ignored -> {
      Map<String, Long> starts = new HashMap<>();
      List<String> partial = new ArrayList<>();
      long examined = 0;
      for (int i = 0; i < all.size(); i++) {
        Future<JsonObject> f = all.get(i);
        if (f.failed()) {
          metrics.requestFailed("query");
          partial.add("member " + ids.get(i) + " did not answer (" + f.cause().getMessage() + ")");
          continue;
        }
        JsonObject a = f.result();
        examined += a.getLong("examined", 0L);
        if (a.getString("partial") != null) {
          partial.add("member " + ids.get(i) + ": " + a.getString("partial"));
        }
        a.getJsonArray("found").forEach(o -> starts.merge(((JsonArray) o).getString(0), ((JsonArray) o).getLong(1),
            Math::min));
      }
      List<String> newest = starts.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(q.limit()).map(Map.Entry::getKey).toList();
      long tested = examined;
      String why = partial.isEmpty() ? null : String.join("; ", partial);
      Future<Map<TraceId, List<Span>>> whole = newest.isEmpty() ? Future.succeededFuture(Map.of()) : fetch(newest);
      return whole.map(byTrace -> {
        List<List<Span>> out = new ArrayList<>();
        for (List<Span> t : byTrace.values()) {
          if (scan.filter().test(t)) {
            out.add(t);
          }
        }
        out.sort(Comparator.comparingLong((List<Span> t) -> SpanMatcher.traceStart(t)).reversed());
        return new ScanResult(out, tested, why);
      });
    });
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    JsonObject req = StoreMessages.request(StoreMessages.DEPENDENCIES).put("end", endMicros).put("lookback", lookbackMicros);
    return gather(req, body -> (JsonArray) body).map(answers -> {
      Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
          .thenComparing(k -> k.get(1)));
      answers.forEach(a -> a.forEach(o -> {
        JsonArray l = (JsonArray) o;
        counts.merge(List.of(l.getString(0), l.getString(1)), l.getLong(2), Long::sum);
      }));
      List<DependencyLink> out = new ArrayList<>();
      counts.forEach((k, n) -> out.add(new DependencyLink(k.get(0), k.get(1), n)));
      return out;
    });
  }

  /**
   * Every member's traces starting in the range. Unlike the other reads, a member that does not answer
   * fails the call: the cold tier's handoff must not skip a member's traces.
   */
  @Override
  public Future<List<TraceId>> traceIdsStartedIn(long fromMicros, long toMicros) {
    JsonObject req = StoreMessages.request(StoreMessages.STARTED_IN).put("from", fromMicros).put("to", toMicros);
    List<String> ids = members.get();
    List<Future<JsonArray>> all = new ArrayList<>(ids.size());
    for (String id : ids) {
      all.add(vertx.eventBus().<JsonArray>request(Addresses.storeRead(id), req, options).map(msg -> msg.body()));
    }
    return Future.all(all).map(cf -> {
      Set<TraceId> out = new java.util.LinkedHashSet<>();
      for (Future<JsonArray> f : all) {
        f.result().forEach(hex -> out.add(TraceId.fromHex((String) hex)));
      }
      return List.copyOf(out);
    });
  }

  /** The traces' spans from every member, merged per trace; a span held twice (a retried forward) counts once. */
  private Future<Map<TraceId, List<Span>>> fetch(List<String> ids) {
    JsonObject req = StoreMessages.request(StoreMessages.TRACES).put("ids", new JsonArray(new ArrayList<>(ids)));
    return gather(req, body -> ((SpanBatch) body).decode()).map(answers -> {
      Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
      Set<List<Object>> seen = new HashSet<>();
      for (List<Span> spans : answers) {
        for (Span s : spans) {
          if (seen.add(List.of(s.traceId(), s.spanId(), s.kind(), s.startTimeMicros(), s.durationMicros(),
              Objects.toString(s.serviceName()), Objects.toString(s.operationName())))) {
            byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
          }
        }
      }
      return byTrace;
    });
  }

  /** Asks every live member; the answers of those that replied, parsed. */
  private <T> Future<List<T>> gather(JsonObject request, Function<Object, T> parse) {
    List<String> ids = members.get();
    List<Future<T>> all = new ArrayList<>(ids.size());
    for (String id : ids) {
      all.add(vertx.eventBus().request(Addresses.storeRead(id), request, options)
          .map(msg -> parse.apply(msg.body()))
          .recover(err -> {
            metrics.requestFailed("query");
            LOG.debug("member {} did not answer {}: {}", id, request.getString(StoreMessages.OP), err.toString());
            return Future.succeededFuture(null);
          }));
    }
    return Future.join(all).map(cf -> {
      List<T> out = new ArrayList<>();
      for (Future<T> f : all) {
        if (f.result() != null) {
          out.add(f.result());
        }
      }
      return out;
    });
  }
}
