package io.weft.storage.cassandra;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanMatcher;
import io.weft.storage.TraceQuery;
import io.weft.storage.TraceScan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A filter scan on Cassandra: the candidates come through the search indexes ({@link TraceSearch}),
 * each fetched and tested with the filter, at most {@code budget} of them. Every index is
 * partitioned by service, so candidates without a service are asked of each known service in turn,
 * with a share of the budget each; a trace found through two services counts once.
 */
final class FilterScan {
  private FilterScan() {}

  static Future<ScanResult> run(CqlExecutor exec, Prepared p, CassandraSettings s, TraceScan scan, int budget,
      Supplier<Future<List<String>>> services) {
    TraceQuery q = scan.candidates();
    long now = System.currentTimeMillis() * 1000;
    if (q.service() != null && !q.service().isEmpty()) {
      return new TraceSearch(exec, p, s, q, now, scan.filter(), budget).scan();
    }
    return services.get().compose(names -> {
      if (names.isEmpty()) {
        return Future.succeededFuture(new ScanResult(List.of(), 0, null));
      }
      int share = Math.max(1, budget / names.size());
      List<Future<ScanResult>> each = new ArrayList<>(names.size());
      for (String service : names) {
        TraceQuery one = new TraceQuery(service, q.operation(), q.tags(), q.startTimeMinMicros(), q.startTimeMaxMicros(),
            q.durationMinMicros(), q.durationMaxMicros(), q.limit());
        each.add(new TraceSearch(exec, p, s, one, now, scan.filter(), share).scan());
      }
      return Future.all(each).map(cf -> merge(each, names, q.limit()));
    });
  }

  private static ScanResult merge(List<Future<ScanResult>> each, List<String> services, int limit) {
    Map<TraceId, List<Span>> byId = new LinkedHashMap<>();
    Set<String> partial = new LinkedHashSet<>();
    long examined = 0;
    for (int i = 0; i < each.size(); i++) {
      ScanResult r = each.get(i).result();
      examined += r.examined();
      for (List<Span> t : r.traces()) {
        byId.putIfAbsent(t.get(0).traceId(), t);
      }
      if (r.isPartial()) {
        partial.add(services.get(i));
      }
    }
    List<List<Span>> found = new ArrayList<>(byId.values());
    found.sort(Comparator.comparingLong((List<Span> t) -> SpanMatcher.traceStart(t)).reversed());
    String why = partial.isEmpty() ? null : "the query names no service, so each of " + services.size()
        + " services was searched with a share of the budget; " + String.join(", ", partial)
        + " had more candidates than that (name a service, or an indexed attribute, to search it all)";
    return new ScanResult(found.size() > limit ? found.subList(0, limit) : found, examined, why);
  }
}
