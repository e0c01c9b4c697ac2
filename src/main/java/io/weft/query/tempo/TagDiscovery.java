package io.weft.query.tempo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.weft.model.Span;
import io.weft.query.QueryService;
import io.weft.storage.ScanResult;
import io.weft.storage.TraceScan;
import io.weft.traceql.ParseException;
import io.weft.traceql.Query;
import io.weft.traceql.TagCatalog;
import io.weft.traceql.TraceView;
import java.util.List;

/**
 * Builds the catalog the tag endpoints answer from: the newest {@link #SAMPLE} traces of the time
 * range, or with a query ({@code q}) the spans it matches in the newest traces it matches, plus
 * the store's full list of services. A {@code q} that does not parse (the editor sends what the
 * user has typed so far) is ignored, as Tempo does.
 */
final class TagDiscovery {
  static final int SAMPLE = 100;
  private static final String EVERYTHING = "{ }";

  private final Vertx vertx;
  private final QueryService service;

  TagDiscovery(Vertx vertx, QueryService service) {
    this.vertx = vertx;
    this.service = service;
  }

  Future<TagCatalog> catalog(TempoParams p, String q) {
    Query query = filter(q);
    boolean everything = query.text().equals(EVERYTHING);
    TraceScan scan = new TraceScan(query.candidates().toTraceQuery(p.startMicros(), p.endMicros(), SAMPLE), query, 0);
    Future<ScanResult> traces = vertx.<Future<ScanResult>>executeBlocking(() -> service.scan(scan), false)
        .compose(f -> f);
    Future<List<String>> services = service.services();
    return Future.all(traces, services).compose(cf -> vertx.executeBlocking(() -> {
      TagCatalog catalog = new TagCatalog();
      for (List<Span> t : traces.result().traces()) {
        TraceView view = new TraceView(t);
        catalog.addMatched(view, query.evaluate(view));
      }
      if (everything) {
        services.result().forEach(catalog::addService);
      }
      return catalog;
    }, false));
  }

  private static Query filter(String q) {
    if (q != null && !q.isBlank()) {
      try {
        return Query.parse(q);
      } catch (ParseException ignored) {
        // an unfinished query: suggest from everything
      }
    }
    return Query.parse(EVERYTHING);
  }
}
