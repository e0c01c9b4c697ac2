package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.cassandra.ResultSet;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceFilter;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One trace search through the indexes. Buckets are read newest first; in each bucket every
 * condition of the query ({@link IndexScan#plan}) is read and the trace ids are intersected (a
 * span carrying two values has rows for both in its own bucket, see {@link IndexRows}), then the
 * candidate traces are fetched in parallel and checked with {@link SpanMatcher}, which has the
 * last word on every condition, including tags that are not indexed. The search stops once it
 * has {@code limit} traces; they are returned most recent (by trace start) first.
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
  static final int PAGE = 1000;
  static final int MAX_EXAMINED = 2000;
  /** Index reads of one search in flight at once. */
  static final int MAX_READS = 32;
  /** Buckets whose first pages are read together, growing as a search goes further back. */
  private static final int MAX_PARALLEL_BUCKETS = 16;

  private final CqlExecutor exec;
  private final Prepared p;
  private final TraceFetch fetch;
  private final CassandraSettings s;
  private final TraceQuery q;
  private final SpanMatcher matcher;
  private final ReadThrottle throttle = new ReadThrottle(MAX_READS);
  private final long min;
  private final long max;
  private final List<Long> buckets = new ArrayList<>();
  private final Set<TraceId> examined = new HashSet<>();
  private final List<List<Span>> found = new ArrayList<>();
  private List<List<IndexScan>> groups;
  private int readsPerBucket;
  /** A trace filter every candidate must pass too (a TraceQL scan), or null. */
  private final TraceFilter filter;
  private final List<IndexModes.Mode> modes;
  private final int maxExamined;
  /** Set when the search stopped at {@code maxExamined} with candidates left. */
  private boolean budgetHit;

  TraceSearch(CqlExecutor exec, Prepared p, TraceFetch fetch, CassandraSettings s, IndexModes modes, TraceQuery q,
      long nowMicros) {
    this(exec, p, fetch, s, modes, q, nowMicros, null, MAX_EXAMINED);
  }

  /** A scan: candidates through the indexes as for a search, each also tested with the filter. */
  TraceSearch(CqlExecutor exec, Prepared p, TraceFetch fetch, CassandraSettings s, IndexModes modes, TraceQuery q,
      long nowMicros, TraceFilter filter, int maxExamined) {
    this.modes = modes.searched();
    this.fetch = fetch;
    this.filter = filter;
    this.maxExamined = maxExamined;
    this.exec = exec;
    this.p = p;
    this.s = s;
    this.q = q;
    this.matcher = new SpanMatcher(q);
    // Nothing older than the TTL is kept (a day's margin for late spans); this also bounds how
    // many buckets an open-ended search walks.
    long oldest = nowMicros - s.ttlMicros() - 86_400_000_000L;
    long newest = nowMicros + 86_400_000_000L;
    this.min = Math.max(q.startTimeMinMicros() > 0 ? q.startTimeMinMicros() : oldest, oldest);
    this.max = Math.min(q.startTimeMaxMicros() > 0 ? q.startTimeMaxMicros() : newest, newest);
    Buckets b = s.buckets();
    if (min <= max) {
      for (long bucket = b.of(max); bucket >= b.of(min); bucket -= b.seconds()) {
        buckets.add(bucket);
      }
    }
  }

  Future<List<List<Span>>> run() {
    if (buckets.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return SearchGroups.of(exec, p, s, q, buckets.size(), throttle, modes).compose(g -> {
      groups = g;
      readsPerBucket = g.stream().mapToInt(List::size).sum();
      return groups.isEmpty() ? Future.succeededFuture() : rounds(0, 1);
    }).map(v -> {
      found.sort(Comparator.comparingLong((List<Span> t) -> SpanMatcher.traceStart(t)).reversed());
      return found.size() > q.limit() ? List.copyOf(found.subList(0, q.limit())) : found;
    });
  }

  /** The scan's answer, saying when it stopped at its budget with candidates left. */
  Future<ScanResult> scan() {
    return run().map(traces -> new ScanResult(traces, examined.size(), budgetHit ? "fetched " + maxExamined
        + " candidate traces (the most one search fetches from Cassandra) and stopped; older traces were not tested"
        + (q.tags().isEmpty() && q.operation() == null && q.durationMinMicros() == 0 && q.durationMaxMicros() == 0
            ? " (the query has no indexed condition: a span name, exact attribute or duration bound)" : "")
        : null));
  }

  /** Whether to stop: enough found, or the budget spent (with work left, as every caller asks only then). */
  private boolean done() {
    if (found.size() >= q.limit()) {
      return true;
    }
    if (examined.size() >= maxExamined) {
      budgetHit = true;
      return true;
    }
    return false;
  }

  /** Reads the first pages of {@code width} buckets at once, then works through them in order. */
  private Future<Void> rounds(int from, int width) {
    if (from >= buckets.size() || done()) {
      return Future.succeededFuture();
    }
    int to = Math.min(buckets.size(), from + width);
    List<Future<List<List<ResultSet>>>> firstPages = new ArrayList<>();
    for (int i = from; i < to; i++) {
      firstPages.add(firstPages(buckets.get(i)));
    }
    Future<Void> chain = Future.succeededFuture();
    for (Future<List<List<ResultSet>>> pages : firstPages) {
      chain = chain.compose(v -> done() ? Future.succeededFuture() : pages.compose(this::bucket));
    }
    // Read further ahead only while that stays within the reads one search may have in flight.
    int wider = Math.min(Math.min(MAX_PARALLEL_BUCKETS, width * 2), Math.max(1, MAX_READS / readsPerBucket));
    return chain.compose(v -> rounds(to, wider));
  }

  /**
   * The first page of every condition of every group in the bucket, by group. A service's only
   * condition in a search over many services is read in smaller pages: its rows are not intersected,
   * they come newest first, and the search needs about {@code limit} of them from all services
   * together, not a thousand from each.
   */
  private Future<List<List<ResultSet>>> firstPages(long bucket) {
    List<Future<List<ResultSet>>> byGroup = new ArrayList<>(groups.size());
    int fanOutPage = Math.max(100, Math.min(PAGE, q.limit() * 4));
    for (List<IndexScan> group : groups) {
      List<Future<ResultSet>> reads = new ArrayList<>(group.size());
      int page = groups.size() > 1 && group.size() == 1 ? fanOutPage : PAGE;
      for (IndexScan scan : group) {
        reads.add(throttle.run(() -> exec.read(p.selectTraceIds().bind(scan, bucket, min, max, page))));
      }
      byGroup.add(Future.all(reads).map(cf -> {
        List<ResultSet> out = new ArrayList<>(reads.size());
        for (int i = 0; i < reads.size(); i++) {
          out.add(cf.resultAt(i));
        }
        return out;
      }));
    }
    return Future.all(byGroup).map(cf -> {
      List<List<ResultSet>> out = new ArrayList<>(byGroup.size());
      for (int i = 0; i < byGroup.size(); i++) {
        out.add(cf.resultAt(i));
      }
      return out;
    });
  }

  /** One bucket: each group's candidates (intersected), all groups' together newest first, then overflowing pages. */
  private Future<Void> bucket(List<List<ResultSet>> pagesByGroup) {
    Map<TraceId, Long> candidates = new LinkedHashMap<>();
    List<ResultSet> walks = new ArrayList<>();
    List<IndexScan> walkScans = new ArrayList<>();
    for (int g = 0; g < pagesByGroup.size(); g++) {
      List<ResultSet> pages = pagesByGroup.get(g);
      List<IndexScan> scans = groups.get(g);
      List<Map<TraceId, Long>> complete = new ArrayList<>();
      int driver = -1;
      for (int i = 0; i < pages.size(); i++) {
        if (!pages.get(i).hasMorePages()) {
          complete.add(ids(pages.get(i), scans.get(i)));
        } else if (driver < 0) {
          driver = i;
        }
      }
      if (!complete.isEmpty()) {
        intersect(complete).forEach((id, start) -> candidates.merge(id, start, Math::max));
      } else {
        // Every condition overflowed a page: its first one's rows now, its next pages later.
        ids(pages.get(driver), scans.get(driver)).forEach((id, start) -> candidates.merge(id, start, Math::max));
        walks.add(pages.get(driver));
        walkScans.add(scans.get(driver));
      }
    }
    Future<Void> chain = examine(newestFirst(candidates));
    for (int i = 0; i < walks.size(); i++) {
      ResultSet page = walks.get(i);
      IndexScan scan = walkScans.get(i);
      chain = chain.compose(v -> done() ? Future.succeededFuture() : page.fetchNextPage().compose(next -> walk(next, scan)));
    }
    return chain;
  }

  /** Goes through a condition's further rows a page at a time. */
  private Future<Void> walk(ResultSet page, IndexScan scan) {
    return examine(newestFirst(ids(page, scan))).compose(v -> done() || !page.hasMorePages()
        ? Future.succeededFuture()
        : page.fetchNextPage().compose(next -> walk(next, scan)));
  }
  /** Fetches and checks candidates, a few more than still needed at a time, in parallel. */
  private Future<Void> examine(List<TraceId> candidates) {
    List<TraceId> fresh = new ArrayList<>();
    for (TraceId id : candidates) {
      if (!examined.contains(id)) {
        fresh.add(id);
      }
    }
    return examineFrom(fresh, 0);
  }

  private Future<Void> examineFrom(List<TraceId> ids, int from) {
    if (from >= ids.size() || done()) {
      return Future.succeededFuture();
    }
    int chunk = Math.min(64, Math.max(8, q.limit() - found.size()));
    int to = Math.min(ids.size(), Math.min(from + chunk, from + maxExamined - examined.size()));
    List<Future<List<Span>>> traces = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      examined.add(ids.get(i));
      traces.add(fetch.trace(ids.get(i)));
    }
    return Future.all(traces).compose(cf -> {
      for (int i = 0; i < traces.size(); i++) {
        List<Span> spans = cf.resultAt(i);
        if (matcher.matchesTrace(spans) && (filter == null || filter.test(spans))) {
          found.add(spans);
        }
      }
      return examineFrom(ids, to);
    });
  }

  /** The page's trace ids with their latest row start; duration rows are cut to the time range here. */
  private Map<TraceId, Long> ids(ResultSet page, IndexScan scan) {
    boolean filter = SelectTraceIds.filtersTimeInClient(scan.table());
    Map<TraceId, Long> ids = new LinkedHashMap<>();
    for (Row r : page.currentPage()) {
      long start = r.getLong(0);
      if (!filter || (start >= min && start <= max)) {
        ids.merge(Blobs.traceId(r.getByteBuffer(1)), start, Math::max);
      }
    }
    return ids;
  }

  private static Map<TraceId, Long> intersect(List<Map<TraceId, Long>> sets) {
    Map<TraceId, Long> smallest = sets.get(0);
    for (Map<TraceId, Long> s : sets) {
      if (s.size() < smallest.size()) {
        smallest = s;
      }
    }
    Map<TraceId, Long> out = new LinkedHashMap<>();
    outer:
    for (Map.Entry<TraceId, Long> e : smallest.entrySet()) {
      for (Map<TraceId, Long> s : sets) {
        if (!s.containsKey(e.getKey())) {
          continue outer;
        }
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  private static List<TraceId> newestFirst(Map<TraceId, Long> ids) {
    List<Map.Entry<TraceId, Long>> entries = new ArrayList<>(ids.entrySet());
    entries.sort(Map.Entry.<TraceId, Long>comparingByValue().reversed());
    List<TraceId> out = new ArrayList<>(entries.size());
    for (Map.Entry<TraceId, Long> e : entries) {
      out.add(e.getKey());
    }
    return out;
  }
}
