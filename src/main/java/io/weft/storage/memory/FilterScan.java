package io.weft.storage.memory;

import io.weft.model.Span;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TraceScan} over the memory store: the candidates' service picks the index (every trace
 * without one), their tags, span name and durations rule traces out by each trace's filter and
 * bytes without decoding ({@link SearchFilter}), and the rest are decoded newest first and tested,
 * until the limit or the budget. Runs on the caller's thread: callers keep it off event loops.
 */
final class FilterScan {
  /** How many traces one scan decodes and tests at most, unless the scan asks for fewer. */
  static final int DEFAULT_BUDGET = 500_000;

  private FilterScan() {}

  static ScanResult run(Indexes indexes, TraceScan scan) {
    TraceQuery q = scan.candidates();
    ServiceIndex service = q.anyService() ? null : indexes.find(q.service());
    TimeIndex index = q.anyService() ? indexes.all : service == null ? null : service.traces;
    List<List<Span>> found = new ArrayList<>();
    if (index == null) {
      return new ScanResult(found, 0, null);
    }
    int budget = scan.budgetOr(DEFAULT_BUDGET);
    SearchFilter filter = SearchFilter.of(q);
    SpanMatcher matcher = new SpanMatcher(q);
    long max = q.startTimeMaxMicros() == 0 ? Long.MAX_VALUE : q.startTimeMaxMicros();
    long min = q.startTimeMinMicros() == 0 ? Long.MIN_VALUE : q.startTimeMinMicros();
    long[] examined = {0};
    long[] stoppedAt = {Long.MIN_VALUE};
    index.visitNewestFirst(min, max, e -> e.mayMatch(filter), e -> {
      if (examined[0] >= budget) {
        stoppedAt[0] = e.start();
        return false;
      }
      if (!e.containsAll(filter.needles())) {
        return true; // a filter false positive, caught without decoding
      }
      examined[0]++;
      List<Span> spans = e.spans();
      if (matcher.matchesTrace(spans) && scan.filter().test(spans)) {
        found.add(spans);
      }
      return found.size() < q.limit();
    });
    String partial = stoppedAt[0] == Long.MIN_VALUE ? null : "tested " + budget + " candidate traces (the most one "
        + "search tests in memory); traces that started at or before " + Instant.ofEpochMilli(stoppedAt[0] / 1000)
        + " were not tested";
    return new ScanResult(found, examined[0], partial);
  }
}
