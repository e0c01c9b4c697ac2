package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.cassandra.ResultSet;
import io.vertx.core.Future;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.IndexRows.Table;
import java.util.ArrayList;
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
        reads.add(throttle.run(() ->
            exec.read(p.selectTraceIds().bind(scan, bucket, window.min(), window.max(), rows))));
      }
      byGroup.add(all(reads));
    }
    return all(byGroup);
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
      packed(page.currentPage(), scan, window.min(), window.max(), ids);
      return ids;
    }
    for (Row r : page.currentPage()) {
      long start = r.getLong(0);
      if (!filter || window.contains(start)) {
        ids.merge(Blobs.traceId(r.getByteBuffer(1)), start, Math::max);
      }
    }
    return ids;
  }

  /** The traces of {@link SelectTraceIds#PACKED} rows that meet the scan, with their starts. */
  static void packed(Iterable<Row> rows, IndexScan scan, long min, long max, Map<TraceId, Long> out) {
    for (Row r : rows) {
      if (r.getLong(2) <= max) { // the pack holds a trace started in the window
        TracePack.matches(Blobs.bytes(r.getByteBuffer(1)), scan, min, max, out);
      }
    }
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
