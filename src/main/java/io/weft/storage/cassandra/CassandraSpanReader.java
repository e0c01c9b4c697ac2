package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.storage.ScanResult;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceScan;
import io.weft.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads through the prepared queries; the search itself is {@link TraceSearch}. */
final class CassandraSpanReader implements SpanReader {
  /** Traces one filter scan fetches at most: each is a partition read. */
  static final int SCAN_BUDGET = 5000;

  private final CqlExecutor exec;
  private final Prepared p;
  private final CassandraSettings s;
  private final DependencyQuery dependencies;
  private final TraceFetch fetch;

  private final IndexModes modes;

  CassandraSpanReader(CqlExecutor exec, Prepared p, CassandraSettings s, TraceFetch fetch, IndexModes modes) {
    this.modes = modes;
    this.fetch = fetch;
    this.exec = exec;
    this.p = p;
    this.s = s;
    this.dependencies = new DependencyQuery(exec, p, s);
  }

  @Override
  public Future<List<Span>> getTrace(TraceId traceId) {
    return fetch.trace(traceId);
  }

  @Override
  public Future<List<String>> getServices() {
    return exec.readAll(p.selectServiceNames().bind()).map(rows -> {
      List<String> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        String name = r.getString(0);
        if (name != null && !name.isEmpty()) {
          out.add(name);
        }
      }
      out.sort(Comparator.naturalOrder());
      return out;
    });
  }

  @Override
  public Future<List<Operation>> getOperations(String service, String spanKind) {
    if (service == null || service.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return exec.readAll(p.selectOperationNames().bind(service, spanKind)).map(rows -> {
      List<Operation> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new Operation(r.getString(1), r.getString(0)));
      }
      out.sort(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
      return out;
    });
  }

  @Override
  public Future<List<List<Span>>> findTraces(TraceQuery query) {
    return new TraceSearch(exec, p, fetch, s, modes, query, System.currentTimeMillis() * 1000).run();
  }

  /**
   * Candidates through the indexes, as a search finds them (with or without a service; every trace
   * of the services when the query names nothing indexed), each fetched and tested; at most
   * {@link #SCAN_BUDGET} fetched.
   */
  @Override
  public Future<ScanResult> scanTraces(TraceScan scan) {
    return new TraceSearch(exec, p, fetch, s, modes, scan.candidates(), System.currentTimeMillis() * 1000, scan.filter(),
        scan.budgetOr(SCAN_BUDGET)).scan();
  }

  @Override
  public Future<List<TraceId>> traceIdsStartedIn(long fromMicros, long toMicros) {
    return getServices().compose(services -> TraceIdsStartedIn.run(exec, p, s, modes, services, fromMicros, toMicros));
  }

  @Override
  public Future<List<DependencyLink>> getDependencies(long endMicros, long lookbackMicros) {
    return dependencies.links(endMicros, lookbackMicros, System.currentTimeMillis() * 1000);
  }
}
