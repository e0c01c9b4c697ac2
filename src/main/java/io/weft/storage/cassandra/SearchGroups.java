package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.weft.config.Options;
import io.weft.storage.SearchTooBroadException;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The index conditions of a search, one group per service and searched index mode
 * ({@link IndexModes}): a trace id must be in every condition of a group (a span carries all of
 * them, in its own service's partitions) and may come from any group. A search with a service has
 * one group per mode; a summary group is a single SAI read per bucket. Every index is partitioned by service, so a search
 * without one asks each known service ({@code service_names}) in turn, bucket by bucket, as Zipkin's
 * Cassandra store did; with an operation, only the services that have that operation
 * ({@code operation_names}). The partitions it would read (conditions x services x buckets) are
 * counted first, and a search over more than {@code cassandra.max-search-partitions} is refused.
 *
 * <p>Why not an index by time bucket alone for these searches: every span would write its tag rows
 * twice (tag rows are most of the index writes), and a bucket's partition would take the whole
 * cluster's traffic for an hour (a hot, huge partition) unless sharded, which brings the fan-out back
 * on reads. The fan-out costs nothing at ingest and reads the partitions the service searches read.
 */
final class SearchGroups {
  private SearchGroups() {}

  static Future<List<List<IndexScan>>> of(CqlExecutor exec, Prepared p, CassandraSettings s, TraceQuery q,
      int buckets, ReadThrottle throttle, List<IndexModes.Mode> modes) {
    if (!q.anyService()) {
      List<List<IndexScan>> groups = new ArrayList<>(modes.size());
      for (IndexModes.Mode mode : modes) {
        groups.add(IndexScan.plan(q, s.tagPolicy(), mode));
      }
      return Future.succeededFuture(groups);
    }
    return exec.readAll(p.selectServiceNames().bind())
        .compose(rows -> withOperation(exec, p, names(rows), q.operation(), throttle))
        .map(services -> {
          List<List<IndexScan>> groups = new ArrayList<>(services.size());
          long partitions = 0;
          for (String service : services) {
            for (IndexModes.Mode mode : modes) {
              List<IndexScan> group = IndexScan.plan(q.withService(service), s.tagPolicy(), mode);
              groups.add(group);
              partitions += (long) group.size() * buckets;
            }
          }
          if (partitions > s.maxSearchPartitions()) {
            throw new SearchTooBroadException("a search without a service would read " + partitions
                + " index partitions here (" + services.size() + " services x " + buckets + " time buckets of "
                + s.bucketSeconds() + "s), more than " + Options.CASSANDRA_MAX_SEARCH_PARTITIONS.name() + " ("
                + s.maxSearchPartitions() + "): shorten the time range or choose a service");
          }
          return groups;
        });
  }

  private static List<String> names(List<Row> rows) {
    List<String> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String name = r.getString(0);
      if (name != null && !name.isEmpty()) {
        out.add(name);
      }
    }
    return out;
  }

  /** The services that have the operation (of any span kind); all of them when none is asked for. */
  private static Future<List<String>> withOperation(CqlExecutor exec, Prepared p, List<String> services,
      String operation, ReadThrottle throttle) {
    if (operation == null) {
      return Future.succeededFuture(services);
    }
    List<Future<Boolean>> has = new ArrayList<>(services.size());
    for (String service : services) {
      has.add(throttle.run(() -> exec.readAll(p.selectOperationNames().bind(service, null)))
          .map(rows -> rows.stream().anyMatch(r -> operation.equals(r.getString(1)))));
    }
    return Future.all(has).map(cf -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < services.size(); i++) {
        if (cf.<Boolean>resultAt(i)) {
          out.add(services.get(i));
        }
      }
      return out;
    });
  }
}
