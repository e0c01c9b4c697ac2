package io.weft.storage.cassandra;

import io.vertx.cassandra.ResultSet;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceFilter;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trace search through the indexes. Buckets are read newest first; in each bucket every
 * condition of the query ({@link IndexScan#plan}) is read and the trace ids are intersected (a
 * span carrying two values has rows for both in its own bucket, see {@link IndexRows}), then the
 * candidate traces are fetched in parallel and checked with {@link SpanMatcher}, which has the
 * last word on every condition, including tags that are not indexed ({@link CandidateCheck}). The
 * search stops once it has {@code limit} traces; they are returned most recent (by trace start) first.
 * The steps: the window's buckets ({@link SearchWindow}), each condition's pages ({@link IndexPages}),
 * the candidates' check.
 *
 * <p>Without a service the conditions are asked of every service ({@link SearchGroups}): in each
 * bucket each service's ids are intersected, the services' ids are put together, and the
 * candidates examined newest first as above. At most {@link #MAX_READS} index reads of one search
 * are at Cassandra at once.
 *
 * <p>A condition whose rows in a bucket fill more than a page is left out of that bucket's
 * intersection (the filter still applies it); when all of a group's do, the first page of the
 * first one is examined with the others, and its further pages after them. At most
 * {@link #MAX_EXAMINED} traces are fetched per search, which bounds the cost of a search whose
 * narrow condition is not indexed.
 *
 * <p>Known limit: a trace is found through the start of its matching spans, so a trace that
 * started inside the time range but whose matching spans all started after its end is missed.
 */
final class TraceSearch {
  static final int MAX_EXAMINED = 2000;
  /** Index reads of one search in flight at once. */
  static final int MAX_READS = 32;
  /** Buckets whose first pages are read together, growing as a search goes further back. */
  private static final int MAX_PARALLEL_BUCKETS = 16;

  private final CqlExecutor exec;
  private final Prepared p;
  private final CassandraSettings s;
  private final TraceQuery q;
  private final ReadThrottle throttle = new ReadThrottle(MAX_READS);
  private final List<Long> buckets;
  private final IndexPages pages;
  private final CandidateCheck check;
  private List<List<IndexScan>> groups;
  private int readsPerBucket;
  private final List<IndexModes.Mode> modes;
  private final int maxExamined;

  TraceSearch(CqlExecutor exec, Prepared p, TraceFetch fetch, CassandraSettings s, IndexModes modes, TraceQuery q,
      long nowMicros) {
    this(exec, p, fetch, s, modes, q, nowMicros, null, MAX_EXAMINED);
  }

  /** A scan: candidates through the indexes as for a search, each also tested with the filter. */
  TraceSearch(CqlExecutor exec, Prepared p, TraceFetch fetch, CassandraSettings s, IndexModes modes, TraceQuery q,
      long nowMicros, TraceFilter filter, int maxExamined) {
    this.modes = modes.searched();
    this.maxExamined = maxExamined;
    this.exec = exec;
    this.p = p;
    this.s = s;
    this.q = q;
    this.check = new CandidateCheck(fetch, q, filter, maxExamined);
    SearchWindow window = SearchWindow.of(s, q, nowMicros);
    this.buckets = window.buckets();
    this.pages = new IndexPages(exec, p, throttle, window);
  }

  Future<List<List<Span>>> run() {
    if (buckets.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return SearchGroups.of(exec, p, s, q, buckets.size(), throttle, modes).compose(g -> {
      groups = g;
      readsPerBucket = g.stream().mapToInt(List::size).sum();
      return groups.isEmpty() ? Future.succeededFuture() : rounds(0, 1);
    }).map(v -> check.found());
  }

  /** The scan's answer, saying when it stopped at its budget with candidates left. */
  Future<ScanResult> scan() {
    return run().map(traces -> new ScanResult(traces, check.examined(), check.budgetHit() ? "fetched " + maxExamined
        + " candidate traces (the most one search fetches from Cassandra) and stopped; older traces were not tested"
        + (q.tags().isEmpty() && q.operation() == null && q.durationMinMicros() == 0 && q.durationMaxMicros() == 0
            ? " (the query has no indexed condition: a span name, exact attribute or duration bound)" : "")
        : null));
  }

  /** Reads the first pages of {@code width} buckets at once, then works through them in order. */
  private Future<Void> rounds(int from, int width) {
    if (from >= buckets.size() || check.done()) {
      return Future.succeededFuture();
    }
    int to = Math.min(buckets.size(), from + width);
    List<Future<List<List<ResultSet>>>> firstPages = new ArrayList<>();
    for (int i = from; i < to; i++) {
      firstPages.add(pages.first(buckets.get(i), groups, q.limit()));
    }
    Future<Void> chain = Future.succeededFuture();
    for (Future<List<List<ResultSet>>> bucketPages : firstPages) {
      chain = chain.compose(v -> check.done() ? Future.succeededFuture() : bucketPages.compose(this::bucket));
    }
    // Read further ahead only while that stays within the reads one search may have in flight.
    int wider = Math.min(Math.min(MAX_PARALLEL_BUCKETS, width * 2), Math.max(1, MAX_READS / readsPerBucket));
    return chain.compose(v -> rounds(to, wider));
  }

  /** One bucket: each group's candidates (intersected), all groups' together newest first, then overflowing pages. */
  private Future<Void> bucket(List<List<ResultSet>> pagesByGroup) {
    Map<TraceId, Long> candidates = new LinkedHashMap<>();
    List<ResultSet> walks = new ArrayList<>();
    List<IndexScan> walkScans = new ArrayList<>();
    for (int g = 0; g < pagesByGroup.size(); g++) {
      List<ResultSet> groupPages = pagesByGroup.get(g);
      List<IndexScan> scans = groups.get(g);
      List<Map<TraceId, Long>> complete = new ArrayList<>();
      int driver = -1;
      for (int i = 0; i < groupPages.size(); i++) {
        if (!groupPages.get(i).hasMorePages()) {
          complete.add(pages.ids(groupPages.get(i), scans.get(i)));
        } else if (driver < 0) {
          driver = i;
        }
      }
      if (!complete.isEmpty()) {
        IndexPages.intersect(complete).forEach((id, start) -> candidates.merge(id, start, Math::max));
      } else {
        // Every condition overflowed a page: its first one's rows now, its next pages later.
        pages.ids(groupPages.get(driver), scans.get(driver))
            .forEach((id, start) -> candidates.merge(id, start, Math::max));
        walks.add(groupPages.get(driver));
        walkScans.add(scans.get(driver));
      }
    }
    Future<Void> chain = check.examine(IndexPages.newestFirst(candidates));
    for (int i = 0; i < walks.size(); i++) {
      ResultSet page = walks.get(i);
      IndexScan scan = walkScans.get(i);
      chain = chain.compose(v -> check.done() ? Future.succeededFuture()
          : pages.next(page, scan).compose(next -> walk(next, scan)));
    }
    return chain;
  }

  /** Goes through a condition's further rows a page at a time. */
  private Future<Void> walk(ResultSet page, IndexScan scan) {
    return check.examine(IndexPages.newestFirst(pages.ids(page, scan)))
        .compose(v -> check.done() || !page.hasMorePages() ? Future.succeededFuture()
            : pages.next(page, scan).compose(next -> walk(next, scan)));
  }
}
