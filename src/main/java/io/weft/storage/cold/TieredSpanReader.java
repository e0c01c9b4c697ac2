package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.PartialResult;
import io.weft.storage.SpanReader;
import io.weft.storage.ScanResult;
import io.weft.storage.StorageUnavailableException;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hot then cold, as one reader: every query reads both tiers and merges them, so a trace is whole
 * wherever its spans are (a trace split across the handoff, spans arriving late). Search asks both
 * tiers and completes each trace found from the other; the cold tier is skipped when the time range
 * lies wholly after the horizon (every trace starting before it has been handed off). Dependencies
 * come from the cold tier before the horizon and from the hot store after it, so none counts twice.
 * Query-language scans go to both tiers the same way ({@link #scanTraces}). When the object store cannot be
 * read, the answer holds what the hot store has, marked partial ({@link PartialResult}, or the scan's
 * partial reason) with a notice the query APIs show.
 */
final class TieredSpanReader implements SpanReader {
  private final SpanReader hot;
  private final SpanReader cold;
  private final LongSupplier horizon;
  private final Supplier<String> coldError;
  private final String coldName;
  private final ColdMetrics metrics;
  private final WorkerExecutor workers;

  TieredSpanReader(SpanReader hot, SpanReader cold, LongSupplier horizon, Supplier<String> coldError, String coldName,
      ColdMetrics metrics, WorkerExecutor workers) {
    this.workers = workers;
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
      return TierMerge.complete(hot, cold, h.result(), coldFound, !c.failed())
          .map(whole -> PartialResult.of(TierMerge.limit(whole, query, null), said));
    });
  }

  /**
   * A query-language scan of both tiers: each tier scans what it holds, each trace found is completed from
   * the other tier, and the whole traces are tested again (on a worker) before the newest {@code limit}
   * are kept; a trace only its hot and cold parts together match is not found.
   */
  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    TraceQuery q = scan.candidates();
    long until = horizon.getAsLong();
    boolean askCold = until == Long.MIN_VALUE || q.startTimeMinMicros() == 0 || q.startTimeMinMicros() < until;
    Future<ScanResult> h = hot.scanTraces(scan);
    Future<ScanResult> c = askCold ? cold.scanTraces(scan) : Future.succeededFuture(new ScanResult(List.of(), 0, null));
    return Future.join(h, c).transform(ar -> {
      if (h.failed()) {
        return Future.failedFuture(h.cause());
      }
      if (c.failed()) {
        metrics.readFailed();
      }
      List<String> notices = new ArrayList<>();
      for (String n : new String[] {h.result().partial(), c.failed() ? unreachable(c.cause()) : c.result().partial(),
          askCold && !c.failed() ? listingNotice() : null}) {
        if (n != null) {
          notices.add(n);
        }
      }
      List<List<Span>> coldFound = c.failed() ? List.of() : c.result().traces();
      long examined = h.result().examined() + (c.failed() ? 0 : c.result().examined());
      String partial = notices.isEmpty() ? null : String.join("; ", notices);
      return TierMerge.complete(hot, cold, h.result().traces(), coldFound, !c.failed())
          .compose(whole -> workers.executeBlocking(() -> TierMerge.limit(whole, q, scan.filter()), false))
          .map(found -> new ScanResult(found, examined, partial));
    });
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
