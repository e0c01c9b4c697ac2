package io.weft.query.apiv3;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.weft.model.Operation;
import io.weft.query.QueryService;

/**
 * {@code GET /api/v3/operations?service=&spanKind=}: {@code {"operations":[{"name":..,"spanKind":..}]}}.
 * An operation seen without a kind is reported as {@code internal}, as Jaeger's gateway does.
 */
final class OperationsEndpoint implements Endpoint {
  private final QueryService service;

  OperationsEndpoint(QueryService service) {
    this.service = service;
  }

  @Override
  public Future<ApiReply> answer(RoutingContext ctx) {
    String kind = ctx.request().getParam("spanKind");
    if (kind == null || kind.isEmpty()) {
      kind = ctx.request().getParam("span_kind");
    }
    return service.operations(ctx.request().getParam("service"), kind).map(ops -> ApiReply.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("operations");
      for (Operation o : ops) {
        g.writeStartObject();
        g.writeStringField("name", o.name());
        g.writeStringField("spanKind", o.spanKind() == null || o.spanKind().isEmpty() ? "internal" : o.spanKind());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }
}
