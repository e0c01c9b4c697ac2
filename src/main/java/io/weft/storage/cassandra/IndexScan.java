package io.weft.storage.cassandra;

import io.weft.storage.TraceQuery;
import io.weft.storage.cassandra.IndexRows.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One index condition of a search. {@code a}, {@code b}: the operation, or tag key and value.
 * A search reads each of its conditions bucket by bucket and intersects the trace ids. A summary
 * scan is the whole query in one SAI read, a packed one in one read of packs: {@code a} the operation,
 * {@code tags} as {@code key=value}.
 */
record IndexScan(Table table, String service, String a, String b, long minDuration, long maxDuration,
    List<String> tags) {

  IndexScan(Table table, String service, String a, String b, long minDuration, long maxDuration) {
    this(table, service, a, b, minDuration, maxDuration, List.of());
  }

  /** The query's conditions in the index of the given mode. */
  static List<IndexScan> plan(TraceQuery q, TagIndexPolicy policy, IndexModes.Mode mode) {
    return switch (mode) {
      case SUMMARY -> List.of(summary(q, policy, Table.SUMMARY));
      case PACKED -> List.of(summary(q, policy, Table.PACKED));
      case ROWS -> plan(q, policy);
    };
  }

  /**
   * One SAI read (or packs read and tested, {@link TracePack#matches}): every indexed tag (CONTAINS), the
   * operation (CONTAINS) and the duration bounds (a row's range overlapping the asked one). The span
   * filter has the last word.
   */
  static IndexScan summary(TraceQuery q, TagIndexPolicy policy, Table table) {
    List<String> tags = new ArrayList<>();
    for (Map.Entry<String, String> t : q.tags().entrySet()) {
      if (policy.searchable(t.getKey(), t.getValue())) {
        tags.add(SummaryRows.tag(t.getKey(), t.getValue()));
      }
    }
    return new IndexScan(table, q.service(), q.operation(), null, q.durationMinMicros(),
        q.durationMaxMicros(), List.copyOf(tags));
  }

  /**
   * The conditions of a query: each indexed tag; the duration index when a duration bound is
   * given (for the operation, or '' for all), else the operation index when an operation is; and
   * the service index only when nothing narrower applies. Tags the policy does not index are left
   * to the span filter.
   */
  static List<IndexScan> plan(TraceQuery q, TagIndexPolicy policy) {
    List<IndexScan> scans = new ArrayList<>();
    String service = q.service();
    String op = q.operation() == null ? "" : q.operation();
    for (Map.Entry<String, String> t : q.tags().entrySet()) {
      if (policy.searchable(t.getKey(), t.getValue())) {
        scans.add(new IndexScan(Table.TAG, service, t.getKey(), t.getValue(), 0, 0));
      }
    }
    if (q.durationMinMicros() > 0 || q.durationMaxMicros() > 0) {
      long max = q.durationMaxMicros() > 0 ? q.durationMaxMicros() : Long.MAX_VALUE;
      scans.add(new IndexScan(Table.DURATION, service, op, null, q.durationMinMicros(), max));
    } else if (!op.isEmpty()) {
      scans.add(new IndexScan(Table.OPERATION, service, op, null, 0, 0));
    }
    if (scans.isEmpty()) {
      scans.add(new IndexScan(Table.SERVICE, service, null, null, 0, 0));
    }
    return scans;
  }
}
