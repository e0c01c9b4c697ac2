package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.cassandra.ResultSet;
import io.vertx.core.Future;
import io.weft.model.TraceId;
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
        reads.add(throttle.run(() ->
            exec.read(p.selectTraceIds().bind(scan, bucket, window.min(), window.max(), page))));
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
    for (Row r : page.currentPage()) {
      long start = r.getLong(0);
      if (!filter || window.contains(start)) {
        ids.merge(Blobs.traceId(r.getByteBuffer(1)), start, Math::max);
      }
    }
    return ids;
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
