package io.weft.query.apiv3;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.weft.query.QueryService;
import io.weft.query.TraceSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET|POST /api/v3/traces} (the matching traces as OTLP JSON, 404 when none, as in Jaeger)
 * and {@code GET|POST /api/v3/trace-summaries} ({@code {"summaries":[...]}}, always of adjusted
 * traces). The query comes from {@code query.*} parameters or a JSON body; see {@link TraceQueryParams}.
 */
final class TraceSearch {
  private final QueryService service;

  TraceSearch(QueryService service) {
    this.service = service;
  }

  Future<ApiReply> traces(RoutingContext ctx) {
    TraceQueryParams p = params(ctx);
    return service.findTraces(p.query(), !p.rawTraces()).map(OtlpResult::of);
  }

  Future<ApiReply> summaries(RoutingContext ctx) {
    TraceQueryParams p = params(ctx);
    return service.findTraces(p.query(), true).map(traces -> {
      List<TraceSummary> out = new ArrayList<>(traces.size());
      for (var t : traces) {
        if (!t.isEmpty()) {
          out.add(TraceSummary.of(t));
        }
      }
      return ApiReply.ok(g -> SummaryJson.write(g, out));
    });
  }

  private static TraceQueryParams params(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.POST) {
      return TraceQueryParams.fromJson(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
    }
    return TraceQueryParams.fromQueryString(ctx.request()::getParam);
  }
}
