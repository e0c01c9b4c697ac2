package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.IndexRows.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The traces with a span starting in a time range, from {@code service_name_index}: every service
 * (service_names), every bucket the range touches, all rows read (paged). A trace is listed for any of
 * its spans in the range, so one that started earlier may be listed too: the caller checks its start.
 */
final class TraceIdsStartedIn {
  private static final int PAGE = 5000;

  private TraceIdsStartedIn() {}

  static Future<List<TraceId>> run(CqlExecutor exec, Prepared p, CassandraSettings s, IndexModes modes,
      List<String> services, long fromMicros, long toMicros) {
    if (fromMicros >= toMicros) {
      return Future.succeededFuture(List.of());
    }
    Buckets b = s.buckets();
    List<Future<Collection<TraceId>>> reads = new ArrayList<>();
    for (String service : services) {
      for (IndexModes.Mode mode : modes.searched()) {
        // The service index, or the summaries (rows or packs) with no condition but the service.
        IndexScan scan = new IndexScan(switch (mode) {
          case SUMMARY -> Table.SUMMARY;
          case PACKED -> Table.PACKED;
          case ROWS -> Table.SERVICE;
        }, service, null, null, 0, 0);
        for (long bucket = b.of(fromMicros); bucket <= b.of(toMicros - 1); bucket += b.seconds()) {
          reads.add(exec.readAll(p.selectTraceIds().bind(scan, bucket, fromMicros, toMicros - 1,
              scan.table() == Table.PACKED ? IndexPages.PACKS_PAGE : PAGE))
              .compose(rows -> ids(exec, rows, scan, fromMicros, toMicros - 1)));
        }
      }
    }
    return Future.all(reads).map(cf -> {
      Set<TraceId> ids = new LinkedHashSet<>();
      for (Future<Collection<TraceId>> f : reads) {
        ids.addAll(f.result());
      }
      return List.copyOf(ids);
    });
  }

  /** A partition's trace ids: from its rows, or from its packs (unpacked on a worker: a partition may hold hours of them). */
  private static Future<Collection<TraceId>> ids(CqlExecutor exec, List<Row> rows, IndexScan scan, long min, long max) {
    if (scan.table() != Table.PACKED) {
      List<TraceId> ids = new ArrayList<>(rows.size());
      for (Row r : rows) {
        ids.add(Blobs.traceId(r.getByteBuffer(1)));
      }
      return Future.succeededFuture(ids);
    }
    return exec.vertx().executeBlocking(() -> {
      Map<TraceId, Long> ids = new LinkedHashMap<>();
      IndexPages.packed(rows, scan, min, max, ids);
      return ids.keySet();
    }, false);
  }
}
