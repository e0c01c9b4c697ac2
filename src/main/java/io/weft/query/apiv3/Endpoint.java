package io.weft.query.apiv3;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** One api_v3 endpoint: the request's answer, or a failed future ({@link io.weft.query.BadRequestException} is a 400). */
@FunctionalInterface
interface Endpoint {
  Future<ApiReply> answer(RoutingContext ctx);
}
