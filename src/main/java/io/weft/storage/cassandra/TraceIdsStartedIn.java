package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.weft.model.TraceId;
import io.weft.storage.cassandra.IndexRows.Table;
import java.util.ArrayList;
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
    List<Future<List<Row>>> reads = new ArrayList<>();
    for (String service : services) {
      for (IndexModes.Mode mode : modes.searched()) {
        // The service index, or the summary rows with no condition but the service.
        IndexScan scan = mode == IndexModes.Mode.SUMMARY
            ? new IndexScan(Table.SUMMARY, service, null, null, 0, 0)
            : new IndexScan(Table.SERVICE, service, null, null, 0, 0);
        for (long bucket = b.of(fromMicros); bucket <= b.of(toMicros - 1); bucket += b.seconds()) {
          reads.add(exec.readAll(p.selectTraceIds().bind(scan, bucket, fromMicros, toMicros - 1, PAGE)));
        }
      }
    }
    return Future.all(reads).map(cf -> {
      Set<TraceId> ids = new LinkedHashSet<>();
      for (Future<List<Row>> f : reads) {
        for (Row r : f.result()) {
          ids.add(Blobs.traceId(r.getByteBuffer(1)));
        }
      }
      return List.copyOf(ids);
    });
  }
}
