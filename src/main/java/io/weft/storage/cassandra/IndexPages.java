package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.cassandra.ResultSet;
import io.vertx.core.Future;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.IndexRows.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index rows a {@link TraceSearch} reads: the first page of every condition in a bucket, and the
 * trace ids with their latest row start that a page holds; then how a bucket's id sets are put together.
 */
final class IndexPages {
  static final int PAGE = 1000;
  /**
   * Packs per page ({@link TracePack}): each holds a write's traces of the service, so a page is
   * thousands of summaries and a search that finds enough in it reads no more.
   */
  static final int PACKS_PAGE = 64;

  private final CqlExecutor exec;
  private final Prepared p;
  private final ReadThrottle throttle;
  private final SearchWindow window;
  /** Per packed scan, matches of its last page that a later page may outdo ({@link #packed(ResultSet, IndexScan)}). */
  private final Map<IndexScan, Map<TraceId, Long>> heldBack = new HashMap<>();
  /** Pages of packs tested on a worker as they arrived, until {@link #ids} takes their matches. */
  private final Map<ResultSet, Tested> tested = new IdentityHashMap<>();

  /** A page of packs' matches and the newest start of its last pack. */
  private record Tested(Map<TraceId, Long> ids, long frontier) {}

  IndexPages(CqlExecutor exec, Prepared p, ReadThrottle throttle, SearchWindow window) {
    this.exec = exec;
    this.p = p;
    this.throttle = throttle;
    this.window = window;
  }

  /**
   * The first page of every condition of every group in the bucket, by group. A service's only
   * condition in a search over many services is read in smaller pages: its rows are not intersected,
   * they come newest first, and the search needs about {@code limit} of them from all services
   * together, not a thousand from each.
   */
  Future<List<List<ResultSet>>> first(long bucket, List<List<IndexScan>> groups, int limit) {
    List<Future<List<ResultSet>>> byGroup = new ArrayList<>(groups.size());
    int fanOutPage = Math.max(100, Math.min(PAGE, limit * 4));
    for (List<IndexScan> group : groups) {
      List<Future<ResultSet>> reads = new ArrayList<>(group.size());
      int page = groups.size() > 1 && group.size() == 1 ? fanOutPage : PAGE;
      for (IndexScan scan : group) {
        int rows = scan.table() == Table.PACKED ? PACKS_PAGE : page;
        reads.add(tested(throttle.run(() ->
            exec.read(p.selectTraceIds().bind(scan, bucket, window.min(), window.max(), rows))), scan));
      }
      byGroup.add(all(reads));
    }
    return all(byGroup);
  }

  /** The next page of a condition's rows. */
  Future<ResultSet> next(ResultSet page, IndexScan scan) {
    return tested(page.fetchNextPage(), scan);
  }

  /**
   * A page of packs is tested on a worker when it arrives, not on the search's event loop: a page is
   * 64 writes' summaries of the service, tens of thousands from an ingester's large writes.
   */
  private Future<ResultSet> tested(Future<ResultSet> read, IndexScan scan) {
    if (scan.table() != Table.PACKED) {
      return read;
    }
    return read.compose(page -> exec.vertx().executeBlocking(() -> {
      Map<TraceId, Long> ids = new LinkedHashMap<>();
      long frontier = packed(page.currentPage(), scan, window.min(), window.max(), ids);
      return new Tested(ids, frontier);
    }, false).map(t -> {
      tested.put(page, t);
      return page;
    }));
  }

  /** The results in order, once all succeeded. */
  private static <T> Future<List<T>> all(List<Future<T>> futures) {
    return Future.all(futures).map(cf -> {
      List<T> out = new ArrayList<>(futures.size());
      for (int i = 0; i < futures.size(); i++) {
        out.add(cf.resultAt(i));
      }
      return out;
    });
  }

  /** The page's trace ids with their latest row start; duration rows are cut to the time range here. */
  Map<TraceId, Long> ids(ResultSet page, IndexScan scan) {
    boolean filter = SelectTraceIds.filtersTimeInClient(scan.table());
    Map<TraceId, Long> ids = new LinkedHashMap<>();
    if (scan.table() == Table.PACKED) {
      return packed(page, scan);
    }
    for (Row r : page.currentPage()) {
      long start = r.getLong(0);
      if (!filter || window.contains(start)) {
        ids.merge(Blobs.traceId(r.getByteBuffer(1)), start, Math::max);
      }
    }
    return ids;
  }

  /**
   * A page of packs' matches, newest first as a page of index rows is: packs come by their newest start,
   * so a match older than the page's last pack's newest start may have newer ones on the next page. Those
   * are held back and given with the next page (or the last), so a search stopping at its limit has the
   * newest traces.
   */
  private Map<TraceId, Long> packed(ResultSet page, IndexScan scan) {
    Tested t = tested.remove(page);
    if (t == null) {
      throw new IllegalStateException("a page of packs not read through IndexPages");
    }
    Map<TraceId, Long> ids = t.ids();
    long frontier = t.frontier();
    Map<TraceId, Long> held = heldBack.remove(scan);
    if (held != null) {
      held.forEach((id, start) -> ids.merge(id, start, Math::max));
    }
    if (page.hasMorePages()) {
      Map<TraceId, Long> later = new LinkedHashMap<>();
      for (var it = ids.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<TraceId, Long> e = it.next();
        if (e.getValue() < frontier) {
          later.put(e.getKey(), e.getValue());
          it.remove();
        }
      }
      heldBack.put(scan, later);
    }
    return ids;
  }

  /**
   * Adds the traces of {@link SelectTraceIds#PACKED} rows that meet the scan, with their starts; returns
   * the newest start of the last pack read (no trace of a later page is newer).
   */
  static long packed(Iterable<Row> rows, IndexScan scan, long min, long max, Map<TraceId, Long> out) {
    long last = Long.MAX_VALUE;
    TracePack.Wanted wanted = TracePack.Wanted.of(scan);
    for (Row r : rows) {
      last = r.getLong(0);
      if (r.getLong(2) <= max) { // the pack holds a trace started in the window
        TracePack.matches(Blobs.bytes(r.getByteBuffer(1)), wanted, min, max, out);
      }
    }
    return last;
  }

  /** The ids in every set, in the order of the smallest, with its starts. */
  static Map<TraceId, Long> intersect(List<Map<TraceId, Long>> sets) {
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

  static List<TraceId> newestFirst(Map<TraceId, Long> ids) {
    List<Map.Entry<TraceId, Long>> entries = new ArrayList<>(ids.entrySet());
    entries.sort(Map.Entry.<TraceId, Long>comparingByValue().reversed());
    List<TraceId> out = new ArrayList<>(entries.size());
    for (Map.Entry<TraceId, Long> e : entries) {
      out.add(e.getKey());
    }
    return out;
  }
}
