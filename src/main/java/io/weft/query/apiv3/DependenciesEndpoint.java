package io.weft.query.apiv3;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.weft.model.DependencyLink;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;

/**
 * {@code GET /api/v3/dependencies?startTime=&endTime=} (jaeger-idl's {@code GetDependencies} binding;
 * both RFC 3339, both required, end after start): {@code {"dependencies":[{"parent":..,"child":..,
 * "callCount":"3"}]}}, the uint64 count as a string, as proto3 JSON writes it.
 */
final class DependenciesEndpoint implements Endpoint {
  private final QueryService service;

  DependenciesEndpoint(QueryService service) {
    this.service = service;
  }

  @Override
  public Future<ApiReply> answer(RoutingContext ctx) {
    Long start = GetTraceEndpoint.time(ctx, "startTime", "start_time");
    Long end = GetTraceEndpoint.time(ctx, "endTime", "end_time");
    if (start == null || end == null) {
      throw new BadRequestException("startTime and endTime are required (RFC 3339 times)");
    }
    if (end <= start) {
      throw new BadRequestException("endTime must be after startTime");
    }
    long endMicros = Math.floorDiv(end, 1000);
    long lookbackMicros = Math.max(1, endMicros - Math.floorDiv(start, 1000));
    return service.dependencies(endMicros, lookbackMicros, null).map(links -> ApiReply.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("dependencies");
      for (DependencyLink l : links) {
        g.writeStartObject();
        g.writeStringField("parent", l.parent());
        g.writeStringField("child", l.child());
        g.writeStringField("callCount", Long.toUnsignedString(l.callCount()));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }
}
