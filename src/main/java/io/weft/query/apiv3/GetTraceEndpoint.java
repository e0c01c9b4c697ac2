package io.weft.query.apiv3;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.weft.model.TraceId;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;
import java.util.List;

/**
 * {@code GET /api/v3/traces/{trace_id}?startTime=&endTime=&rawTraces=}: the trace as OTLP JSON, or 404.
 * The id is hex or base64; {@code rawTraces=true} returns the spans as stored (no clock skew or other
 * adjustment). The optional times must be RFC 3339 when given; storage finds a trace by id alone,
 * so they narrow nothing.
 */
final class GetTraceEndpoint implements Endpoint {
  private final QueryService service;

  GetTraceEndpoint(QueryService service) {
    this.service = service;
  }

  @Override
  public Future<ApiReply> answer(RoutingContext ctx) {
    TraceId id = ApiTraceIds.parse(ctx.pathParam("traceId"));
    Long start = time(ctx, "startTime", "start_time");
    Long end = time(ctx, "endTime", "end_time");
    if (start != null && end != null && end < start) {
      throw new BadRequestException("endTime must not be before startTime");
    }
    boolean raw = false;
    String rawParam = param(ctx, "rawTraces", "raw_traces");
    if (rawParam != null) {
      raw = ApiTimes.parseBool(ctx.request().getParam("rawTraces") != null ? "rawTraces" : "raw_traces", rawParam);
    }
    return service.trace(id, !raw).map(spans -> OtlpResult.of(List.of(spans)));
  }

  static String param(RoutingContext ctx, String canonical, String alias) {
    String v = ctx.request().getParam(canonical);
    if (v == null || v.isEmpty()) {
      v = ctx.request().getParam(alias);
    }
    return v == null || v.isEmpty() ? null : v;
  }

  /** Nanoseconds, or null when absent. */
  static Long time(RoutingContext ctx, String canonical, String alias) {
    String v = param(ctx, canonical, alias);
    if (v == null) {
      return null;
    }
    String name = ctx.request().getParam(canonical) != null && !ctx.request().getParam(canonical).isEmpty()
        ? canonical : alias;
    return ApiTimes.parseNanos(name, v);
  }
}
