package io.weft.query.zipkin;

import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The most recent traces, for the names Zipkin keeps an index of and Weft's
 * storage does not (remote service names, autocomplete values): derived from a bounded sample, so
 * a name seen only in older traces is not offered.
 */
final class RecentTraces {
  /** Traces examined per request. */
  static final int LIMIT = 500;

  private RecentTraces() {}

  /** The recent traces of these stored services. */
  static Future<List<List<Span>>> of(SpanReader reader, List<String> services, int limit) {
    List<Future<List<List<Span>>>> found = new ArrayList<>(services.size());
    for (String s : services) {
      found.add(reader.findTraces(query(s, limit)));
    }
    return Future.all(found).map(all -> {
      List<List<Span>> out = new ArrayList<>();
      for (int i = 0; i < services.size(); i++) {
        out.addAll(all.<List<List<Span>>>resultAt(i));
      }
      return out;
    });
  }

  /** The recent traces of any service; a backend that cannot search without a service is asked per service. */
  static Future<List<List<Span>>> all(SpanReader reader) {
    return reader.findTraces(query(null, LIMIT))
        .recover(err -> err instanceof IllegalArgumentException
            ? reader.getServices().compose(services ->
                of(reader, services, Math.max(10, LIMIT / Math.max(1, services.size()))))
            : Future.failedFuture(err));
  }

  private static TraceQuery query(String service, int limit) {
    return new TraceQuery(service, null, Map.of(), 0, 0, 0, 0, limit);
  }
}
