package io.weft.query.apiv3;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.weft.query.QueryService;

/** {@code GET /api/v3/services}: {@code {"services":["a","b"]}} (an empty list is written, not left out). */
final class ServicesEndpoint implements Endpoint {
  private final QueryService service;

  ServicesEndpoint(QueryService service) {
    this.service = service;
  }

  @Override
  public Future<ApiReply> answer(RoutingContext ctx) {
    return service.services().map(names -> ApiReply.ok(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("services");
      for (String n : names) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeEndObject();
    }));
  }
}
