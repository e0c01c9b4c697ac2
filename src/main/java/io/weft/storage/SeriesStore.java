package io.weft.storage;

import io.vertx.core.Future;
import io.weft.spanmetrics.Cell;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.EdgeCell;
import io.weft.spanmetrics.EdgeKey;
import io.weft.spanmetrics.SeriesKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Where span metrics are kept between flush and query: each collector's deltas, merged on read.
 * A backend holds them beside its spans, for as long (memory: a bounded ring; Cassandra: tables of
 * their own with the spans' TTL). Implementations pass {@code SeriesStoreContract}.
 */
public interface SeriesStore {
  /**
   * Adds one writer's flush. Writing a delta again (a retried write, a redelivered record) adds
   * nothing: a delta is known by {@link Delta#id()}.
   */
  Future<Void> write(Delta delta);

  /** The buckets starting in [fromMs, toMs) of these services' series, summed over writers, by bucket start. */
  Future<NavigableMap<Long, Map<SeriesKey, Cell>>> series(Collection<String> services, long fromMs, long toMs);

  /** The services with series in [fromMs, toMs), sorted. */
  Future<List<String>> services(long fromMs, long toMs);

  /** The service-graph buckets starting in [fromMs, toMs), summed over writers. */
  Future<NavigableMap<Long, Map<EdgeKey, EdgeCell>>> edges(long fromMs, long toMs);

  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
