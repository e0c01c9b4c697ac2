package io.weft.query.http;

import io.weft.async.Futures;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;
import io.weft.query.TraceSearchParser;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.weft.codec.JaegerUiJson;
import io.weft.codec.JaegerUiJson.ApiError;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.Operation;
import io.weft.storage.StorageUnavailableException;
import io.weft.storage.archive.TraceArchiver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Jaeger's classic HTTP API ({@code /api/...}), one small handler per endpoint. */
final class QueryApi {
  private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
  static final String TRACE_NOT_FOUND = "trace not found";
  /** Jaeger's default for {@code /api/dependencies} without {@code lookback}. */
  static final long DEFAULT_DEPENDENCY_LOOKBACK_MS = 24L * 3600 * 1000;

  private final QueryService service;
  private final LongSupplier nowMicros;
  private final TraceSearchParser searchParser;
  private final TraceArchiver archiver;

  /** {@code archiver} null: {@code POST /api/archive/{id}} answers 501 (no archive storage). */
  QueryApi(QueryService service, TraceArchiver archiver, LongSupplier nowMicros) {
    this.service = service;
    this.archiver = archiver;
    this.nowMicros = nowMicros;
    this.searchParser = new TraceSearchParser(nowMicros, service.searchLimits().defaultLimit());
  }

  void mount(Router router) {
    router.get("/api/services").handler(handle(this::services));
    router.get("/api/services/:service/operations").handler(handle(this::operationNames));
    router.get("/api/operations").handler(handle(this::operations));
    router.get("/api/traces/:traceId").handler(handle(this::trace));
    router.get("/api/traces").handler(handle(this::search));
    router.post("/api/archive/:traceId").handler(handle(this::archive));
    router.get("/api/dependencies").handler(handle(this::dependencies));
    // Anything else under /api or /analytics (the Jaeger UI's deep dependency graph) is a JSON 404,
    // never the UI's index page.
    router.route("/api/*").handler(QueryApi::noSuchEndpoint);
    router.route("/analytics/*").handler(QueryApi::noSuchEndpoint);
  }

  private static void noSuchEndpoint(RoutingContext ctx) {
    JsonReply.error(404, "no such endpoint: " + ctx.request().path()).send(ctx);
  }

  private Future<JsonReply> services(RoutingContext ctx) {
    return service.services().map(names -> JsonReply.ok(names.size(), g -> JaegerUiJson.writeStrings(g, names), names));
  }

  /** The legacy form the UI uses: names only, of any span kind. */
  private Future<JsonReply> operationNames(RoutingContext ctx) {
    return service.operations(ctx.pathParam("service"), null).map(ops -> {
      Set<String> names = new LinkedHashSet<>();
      for (Operation o : ops) {
        names.add(o.name());
      }
      List<String> list = new ArrayList<>(names);
      return JsonReply.ok(list.size(), g -> JaegerUiJson.writeStrings(g, list), ops);
    });
  }

  private Future<JsonReply> operations(RoutingContext ctx) {
    String svc = ctx.request().getParam("service");
    if (svc == null || svc.isEmpty()) {
      throw new BadRequestException("parameter 'service' is required");
    }
    return service.operations(svc, ctx.request().getParam("spanKind"))
        .map(ops -> JsonReply.ok(ops.size(), g -> JaegerUiJson.writeOperations(g, ops), ops));
  }

  private Future<JsonReply> trace(RoutingContext ctx) {
    TraceId id = TraceSearchParser.traceId(ctx.pathParam("traceId"));
    boolean raw = isTrue(ctx.request().getParam("raw"));
    return service.trace(id, !raw).map(spans -> spans.isEmpty()
        ? JsonReply.error(404, TRACE_NOT_FOUND)
        : JsonReply.ok(1, g -> JaegerUiJson.writeTraces(g, List.of(spans)), spans));
  }

  /** Jaeger's answer: an empty data array and no errors; 404 when no span has the id. */
  private Future<JsonReply> archive(RoutingContext ctx) {
    TraceId id = TraceSearchParser.traceId(ctx.pathParam("traceId"));
    if (archiver == null) {
      return Future.succeededFuture(JsonReply.error(501, "archive storage is not configured"));
    }
    return archiver.archive(id).map(found -> found
        ? JsonReply.ok(0, g -> JaegerUiJson.writeStrings(g, List.of()))
        : JsonReply.error(404, TRACE_NOT_FOUND));
  }

  private Future<JsonReply> search(RoutingContext ctx) {
    TraceSearchParser.TraceSearch search = searchParser.parse(ctx.queryParams());
    if (search.query() != null) {
      return service.findTraces(search.query())
          .map(traces -> JsonReply.ok(traces.size(), g -> JaegerUiJson.writeTraces(g, traces), traces));
    }
    // By id: found traces as data, the missing ones as errors (as Jaeger answers).
    return service.traces(search.traceIds()).map(results -> {
      List<List<Span>> found = new ArrayList<>();
      List<ApiError> missing = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        missing.addAll(JsonReply.notices(results.get(i)));
        if (results.get(i).isEmpty()) {
          missing.add(new ApiError(0, TRACE_NOT_FOUND, search.traceIds().get(i).toHex()));
        } else {
          found.add(results.get(i));
        }
      }
      return new JsonReply(200, found.size(), g -> JaegerUiJson.writeTraces(g, found), missing);
    });
  }

  /** {@code endTs} and {@code lookback} in milliseconds, as in Jaeger. */
  private Future<JsonReply> dependencies(RoutingContext ctx) {
    long endMs = millis(ctx, "endTs", nowMicros.getAsLong() / 1000);
    long lookbackMs = millis(ctx, "lookback", DEFAULT_DEPENDENCY_LOOKBACK_MS);
    if (lookbackMs <= 0) {
      lookbackMs = DEFAULT_DEPENDENCY_LOOKBACK_MS;
    }
    return service.dependencies(Math.multiplyExact(endMs, 1000), Math.multiplyExact(lookbackMs, 1000),
            ctx.request().getParam("service"))
        .map(links -> JsonReply.ok(links.size(), g -> JaegerUiJson.writeDependencies(g, links), links));
  }

  private static long millis(RoutingContext ctx, String name, long dflt) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      long ms = Long.parseLong(v);
      if (ms < 0 || ms > Long.MAX_VALUE / 1000) {
        throw new NumberFormatException();
      }
      return ms;
    } catch (NumberFormatException e) {
      throw new BadRequestException("unable to parse " + name + ": expected milliseconds, got \"" + v + "\"");
    }
  }

  /** Go's strconv.ParseBool truths, which Jaeger's {@code raw} parameter takes. */
  private static boolean isTrue(String v) {
    return v != null && List.of("1", "t", "T", "true", "TRUE", "True").contains(v);
  }

  /** Runs a handler: bad input is a 400, storage out of reach a 503, another failure a 500, all in Jaeger's envelope. */
  private static Handler<RoutingContext> handle(Function<RoutingContext, Future<JsonReply>> h) {
    return ctx -> {
      Future<JsonReply> reply = Futures.attempt(() -> h.apply(ctx));
      reply.onComplete(ar -> {
        if (ar.succeeded()) {
          ar.result().send(ctx);
        } else if (ar.cause() instanceof BadRequestException) {
          JsonReply.error(400, ar.cause().getMessage()).send(ctx);
        } else if (ar.cause() instanceof StorageUnavailableException) {
          LOG.warn("{} failed: {}", ctx.request().path(), ar.cause().getMessage());
          JsonReply.error(503, ar.cause().getMessage()).send(ctx);
        } else {
          LOG.error("{} failed", ctx.request().path(), ar.cause());
          JsonReply.error(500, String.valueOf(ar.cause().getMessage())).send(ctx);
        }
      });
    };
  }
}
