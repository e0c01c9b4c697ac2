package io.weft.storage;

import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;

/** Reads spans back; every backend answers the same way (see the shared storage test suite). */
public interface SpanReader {

  /** All stored spans of the trace, unsorted; empty when absent. */
  Future<List<Span>> getTrace(TraceId traceId);

  /** Service names, sorted. */
  Future<List<String>> getServices();

  /** Operations of a service, sorted by name; {@code spanKind} null or empty means any kind. */
  Future<List<Operation>> getOperations(String service, String spanKind);

  /** Traces matching the query, most recent first, at most {@code query.limit()} of them. */
  Future<List<List<Span>>> findTraces(TraceQuery query);

  /**
   * Traces that pass a filter, newest first, at most {@code scan.candidates().limit()} of them
   * ({@link TraceScan}). This default finds the candidates with {@link #findTraces} (up to the
   * budget, {@link #DEFAULT_SCAN_BUDGET} when the scan leaves it open) and tests each one; a store
   * that can test traces where they lie, and stop at the limit, does better.
   */
  default Future<ScanResult> scanTraces(TraceScan scan) {
    TraceQuery c = scan.candidates();
    int budget = scan.budgetOr(DEFAULT_SCAN_BUDGET);
    TraceQuery wide = new TraceQuery(c.service(), c.operation(), c.tags(), c.startTimeMinMicros(),
        c.startTimeMaxMicros(), c.durationMinMicros(), c.durationMaxMicros(), budget);
    return findTraces(wide).map(candidates -> {
      List<List<Span>> found = new ArrayList<>();
      for (List<Span> t : candidates) {
        if (found.size() < c.limit() && scan.filter().test(t)) {
          found.add(t);
        }
      }
      boolean partial = candidates.size() >= budget && found.size() < c.limit();
      return new ScanResult(found, candidates.size(), partial ? "tested the newest " + budget
          + " candidate traces (the scan budget); older ones were not tested" : null);
    });
  }

  /** Candidate traces a scan tests when it gives no budget and the store has no bound of its own. */
  int DEFAULT_SCAN_BUDGET = 2000;

  /** Calls between services whose spans started in [endMicros - lookbackMicros, endMicros]. */
  Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros);

  /**
   * Ids of the stored traces whose start (earliest span start) lies in [fromMicros, toMicros), once each,
   * in any order; the list may also name traces with only a later span in the range. The cold tier's
   * handoff moves these ({@link io.weft.storage.cold}). A backend that cannot list by time fails.
   */
  default Future<List<TraceId>> traceIdsStartedIn(long fromMicros, long toMicros) {
    return Future.failedFuture(new UnsupportedOperationException(getClass().getSimpleName()
        + " cannot list traces by start time, so it cannot hand traces to the cold tier"));
  }
}
