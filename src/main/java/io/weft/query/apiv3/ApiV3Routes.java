package io.weft.query.apiv3;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.weft.async.Futures;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jaeger v2's api_v3 over HTTP ({@code /api/v3/...}), as jaeger-idl's {@code api_v3/query_service.proto}
 * binds it and Jaeger's HTTP gateway serves it: services, operations, a trace by id, trace search
 * and trace summaries (GET with {@code query.*} parameters, or POST with a JSON body), and dependencies.
 * Traces are OTLP JSON inside {@code {"result": ...}}; errors are {@code {"error": {...}}} with the
 * gRPC and HTTP codes. Any other path under {@code /api/v3} is a 404 in that shape.
 */
public final class ApiV3Routes {
  private static final Logger LOG = LoggerFactory.getLogger(ApiV3Routes.class);
  static final String PREFIX = "/api/v3";
  /** A search body is a few hundred bytes; this leaves room for many attributes. */
  private static final long MAX_BODY_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final QueryService service;

  public ApiV3Routes(Vertx vertx, QueryService service) {
    this.vertx = vertx;
    this.service = service;
  }

  /** Mount ahead of any catch-all for {@code /api}. */
  public void mount(Router router) {
    TraceSearch search = new TraceSearch(service);
    router.get(PREFIX + "/services").handler(handle(new ServicesEndpoint(service)));
    router.get(PREFIX + "/operations").handler(handle(new OperationsEndpoint(service)));
    router.get(PREFIX + "/traces/:traceId").handler(handle(new GetTraceEndpoint(service)));
    router.get(PREFIX + "/traces").handler(handle(search::traces));
    router.post(PREFIX + "/traces").handler(body()).handler(handle(search::traces));
    router.get(PREFIX + "/trace-summaries").handler(handle(search::summaries));
    router.post(PREFIX + "/trace-summaries").handler(body()).handler(handle(search::summaries));
    router.get(PREFIX + "/dependencies").handler(handle(new DependenciesEndpoint(service)));
    for (String path : List.of("/services", "/operations", "/traces/:traceId", "/traces", "/trace-summaries",
        "/dependencies")) {
      router.route(PREFIX + path).handler(ctx -> ApiReply.error(405,
          "method " + ctx.request().method() + " not allowed on " + ctx.request().path()).send(ctx));
    }
    router.route(PREFIX + "/*").handler(ctx ->
        ApiReply.error(404, "no such endpoint: " + ctx.request().path()).send(ctx));
    // What fails before an endpoint runs (a body over the limit) still answers in api_v3's shape.
    router.route(PREFIX + "/*").failureHandler(ctx -> {
      int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
      String message = status == 413 ? "request body larger than " + MAX_BODY_BYTES + " bytes"
          : String.valueOf(ctx.failure() == null ? "request failed" : ctx.failure().getMessage());
      if (status >= 500) {
        LOG.error("{} failed", ctx.request().path(), ctx.failure());
      }
      ApiReply.error(status, message).send(ctx);
    });
  }

  private static Handler<RoutingContext> body() {
    return BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
  }

  /** Runs an endpoint: bad input is a 400, a failing backend a 500; a large answer is encoded on a worker. */
  private Handler<RoutingContext> handle(Endpoint endpoint) {
    return ctx -> {
      Future<ApiReply> reply = Futures.attempt(() -> endpoint.answer(ctx));
      reply.onComplete(ar -> {
        if (ar.failed()) {
          fail(ctx, ar.cause());
        } else if (ar.result().spans() > ApiReply.OFFLOAD_SPANS) {
          ApiReply r = ar.result();
          vertx.executeBlocking(r::toBuffer, false).onComplete(enc -> {
            if (enc.succeeded()) {
              r.send(ctx, enc.result());
            } else {
              fail(ctx, enc.cause());
            }
          });
        } else {
          ar.result().send(ctx);
        }
      });
    };
  }

  private static void fail(RoutingContext ctx, Throwable cause) {
    if (cause instanceof BadRequestException) {
      ApiReply.error(400, cause.getMessage()).send(ctx);
    } else {
      LOG.error("{} failed", ctx.request().path(), cause);
      ApiReply.error(500, String.valueOf(cause.getMessage())).send(ctx);
    }
  }
}
