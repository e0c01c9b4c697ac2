package io.weft.storage.cold;

import io.vertx.core.Future;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.PartialResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.SpanReader;
import io.weft.storage.StorageUnavailableException;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hot then cold, as one reader: every query reads both tiers and merges them, so a trace is whole
 * wherever its spans are (a trace split across the handoff, spans arriving late). Search asks both
 * tiers and completes each trace found from the other; the cold tier is skipped when the time range
 * lies wholly after the horizon (every trace starting before it has been handed off). Dependencies
 * come from the cold tier before the horizon and from the hot store after it, so none counts twice.
 * When the object store cannot be read, the answer holds what the hot store has, marked partial
 * ({@link PartialResult}) with a notice the query APIs show.
 */
final class TieredSpanReader implements SpanReader {
  private final SpanReader hot;
  private final SpanReader cold;
  private final LongSupplier horizon;
  private final Supplier<String> coldError;
  private final String coldName;
  private final ColdMetrics metrics;

  TieredSpanReader(SpanReader hot, SpanReader cold, LongSupplier horizon, Supplier<String> coldError, String coldName,
      ColdMetrics metrics) {
    this.hot = hot;
    this.cold = cold;
    this.horizon = horizon;
    this.coldError = coldError;
    this.coldName = coldName;
    this.metrics = metrics;
  }

  @Override
  public Future<List<Span>> getTrace(TraceId id) {
    Future<List<Span>> h = hot.getTrace(id);
    Future<List<Span>> c = cold.getTrace(id);
    return Future.join(h, c).transform(ar -> {
      if (h.failed()) {
        return Future.failedFuture(h.cause());
      }
      if (c.failed()) {
        metrics.readFailed();
        if (h.result().isEmpty()) {
          return Future.failedFuture(new StorageUnavailableException("trace not in the hot store, and cold storage ("
              + coldName + ") cannot be read: " + c.cause().getMessage(), c.cause()));
        }
        return Future.succeededFuture(PartialResult.of(h.result(), unreachable(c.cause())));
      }
      List<Span> merged = Spans.merge(List.of(h.result(), c.result()));
      String stale = listingNotice();
      if (stale != null && merged.isEmpty()) {
        return Future.failedFuture(new StorageUnavailableException("trace not found in the hot store, and " + stale,
            null));
      }
      return Future.succeededFuture(PartialResult.of(merged, stale));
    });
  }

  /** When the blocks cannot be listed, answers come from the blocks known before: they may miss some. */
  private String listingNotice() {
    String err = coldError.get();
    return err == null ? null : "partial result: cold storage (" + coldName + ") cannot be listed (" + err
        + "); older traces may be missing from this answer";
  }

  @Override
  public Future<List<String>> getServices() {
    return both(hot.getServices(), cold.getServices(), (a, b) -> {
      TreeSet<String> all = new TreeSet<>(a);
      all.addAll(b);
      return List.copyOf(all);
    });
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    return both(hot.getOperations(service, spanKind), cold.getOperations(service, spanKind), (a, b) -> {
      TreeSet<Operation> all = new TreeSet<>(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
      all.addAll(a);
      all.addAll(b);
      return List.copyOf(all);
    });
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    long until = horizon.getAsLong();
    boolean askCold = until == Long.MIN_VALUE || query.startTimeMinMicros() == 0 || query.startTimeMinMicros() < until;
    Future<List<List<Span>>> h = hot.findTraces(query);
    Future<List<List<Span>>> c = askCold ? cold.findTraces(query) : Future.succeededFuture(List.of());
    return Future.join(h, c).transform(ar -> {
      if (h.failed()) {
        return Future.failedFuture(h.cause());
      }
      String notice = c.failed() ? unreachable(c.cause()) : PartialResult.notice(c.result());
      if (notice == null && askCold) {
        notice = listingNotice();
      }
      if (c.failed()) {
        metrics.readFailed();
      }
      List<List<Span>> coldFound = c.failed() ? List.of() : c.result();
      String said = notice;
      return complete(h.result(), coldFound, !c.failed()).map(whole -> PartialResult.of(limit(whole, query), said));
    });
  }

  /** Each trace found in one tier with its spans from the other (its parts merged). */
  private Future<List<List<Span>>> complete(List<List<Span>> hotFound, List<List<Span>> coldFound, boolean coldUp) {
    Map<TraceId, List<List<Span>>> parts = new LinkedHashMap<>();
    for (List<List<Span>> tier : List.of(hotFound, coldFound)) {
      for (List<Span> t : tier) {
        parts.computeIfAbsent(t.get(0).traceId(), k -> new ArrayList<>()).add(t);
      }
    }
    List<Future<List<Span>>> others = new ArrayList<>();
    for (List<Span> t : hotFound) {
      others.add(coldUp ? cold.getTrace(t.get(0).traceId()) : Future.succeededFuture(List.of()));
    }
    for (List<Span> t : coldFound) {
      others.add(hot.getTrace(t.get(0).traceId()));
    }
    return Future.join(others).transform(ar -> {
      for (Future<List<Span>> f : others) {
        if (f.succeeded() && !f.result().isEmpty()) {
          parts.get(f.result().get(0).traceId()).add(f.result());
        }
      }
      List<List<Span>> whole = new ArrayList<>();
      parts.values().forEach(p -> whole.add(Spans.merge(p)));
      return Future.succeededFuture(whole);
    });
  }

  private static List<List<Span>> limit(List<List<Span>> traces, TraceQuery query) {
    SpanMatcher matcher = new SpanMatcher(query);
    List<List<Span>> out = new ArrayList<>();
    for (List<Span> t : traces) {
      if (matcher.matchesTrace(t)) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparingLong((List<Span> t) -> SpanMatcher.traceStart(t)).reversed()
        .thenComparing(t -> t.get(0).traceId()));
    return out.size() > query.limit() ? new ArrayList<>(out.subList(0, query.limit())) : out;
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    long until = horizon.getAsLong();
    long from = endMicros - lookbackMicros;
    if (until == Long.MIN_VALUE || until <= from) {
      return hot.getDependencies(endMicros, lookbackMicros);
    }
    if (until > endMicros) {
      return cold.getDependencies(endMicros, lookbackMicros);
    }
    // Before the horizon every trace is in the cold tier (and may still be hot): count it there only.
    Future<List<DependencyLink>> c = cold.getDependencies(until - 1, until - 1 - from);
    Future<List<DependencyLink>> h = hot.getDependencies(endMicros, endMicros - until);
    return both(h, c, (a, b) -> {
      io.weft.storage.DependencyLinker sum = new io.weft.storage.DependencyLinker();
      for (List<DependencyLink> links : List.of(a, b)) {
        links.forEach(l -> sum.add(l.parent(), l.child(), l.callCount()));
      }
      return sum.links();
    });
  }

  /** Both answers combined; when only the cold one fails, the hot one marked partial. */
  private <T> Future<List<T>> both(Future<List<T>> h, Future<List<T>> c,
      java.util.function.BinaryOperator<List<T>> combine) {
    return Future.join(h, c).transform(ar -> {
      if (h.failed()) {
        return Future.failedFuture(h.cause());
      }
      if (c.failed()) {
        metrics.readFailed();
        return Future.succeededFuture(PartialResult.of(h.result(), unreachable(c.cause())));
      }
      return Future.succeededFuture(PartialResult.of(combine.apply(h.result(), c.result()), PartialResult.notice(c.result())));
    });
  }

  private String unreachable(Throwable err) {
    String listing = coldError.get();
    return "partial result: cold storage (" + coldName + ") cannot be read (" + (err.getMessage() != null
        ? err.getMessage() : listing) + "); older traces are missing from this answer";
  }
}
