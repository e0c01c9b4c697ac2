package io.weft.query.tempo;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.weft.async.Futures;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;
import io.weft.storage.ScanResult;
import io.weft.storage.TraceScan;
import io.weft.traceql.ParseException;
import io.weft.traceql.Query;
import io.weft.traceql.TagCatalog;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grafana Tempo's query API on Weft's query port, so Grafana's Tempo data source can point at Weft:
 * TraceQL search ({@code /api/search}), tag names and values (v1 and v2), the connection test
 * ({@code /api/echo}), the version probe ({@code /api/status/buildinfo}) and traces by id as Tempo's
 * protobuf ({@link TraceById}). Searches run on a
 * worker: a memory store tests traces on the calling thread.
 */
public final class TempoApi {
  private static final Logger LOG = LoggerFactory.getLogger(TempoApi.class);
  /**
   * The Tempo version Weft answers as: Grafana turns on streaming search (gRPC, which Weft does not
   * serve) from 2.2.0, so a lower version keeps Grafana on the HTTP search.
   */
  static final String TEMPO_VERSION = "2.1.0";

  private final Vertx vertx;
  private final QueryService service;
  private final LongSupplier nowMicros;
  private final TagDiscovery tags;

  public TempoApi(Vertx vertx, QueryService service, LongSupplier nowMicros) {
    this.vertx = vertx;
    this.service = service;
    this.nowMicros = nowMicros;
    this.tags = new TagDiscovery(vertx, service);
  }

  /** Mounts the routes; ahead of the Jaeger API, whose {@code /api/traces/:id} answers JSON unless protobuf is asked for. */
  public void mount(Router router) {
    router.get("/api/echo").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("echo"));
    router.get("/api/status/buildinfo").handler(ctx -> TempoReply.sendJson(ctx, 200, TempoReply.json(g -> {
      g.writeStartObject();
      g.writeStringField("version", TEMPO_VERSION);
      g.writeStringField("revision", "weft");
      g.writeStringField("branch", "weft");
      g.writeStringField("buildUser", "weft");
      g.writeStringField("buildDate", "");
      g.writeStringField("goVersion", "");
      g.writeEndObject();
    })));
    router.get("/api/search").handler(handle(this::search));
    router.get("/api/traceql/check").handler(handle(this::check));
    router.get("/api/search/tags").handler(handle(this::tagsV1));
    router.get("/api/v2/search/tags").handler(handle(this::tagsV2));
    router.get("/api/search/tag/:name/values").handler(handle(this::valuesV1));
    router.get("/api/v2/search/tag/:name/values").handler(handle(this::valuesV2));
    TraceById byId = new TraceById(service);
    router.get("/api/v2/traces/:traceId").handler(byId::v2);
    router.get("/api/traces/:traceId").handler(byId::v1IfProtobuf);
  }

  private Future<Buffer> search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    Query query = Query.parse(q == null || q.isBlank() ? LegacySearch.toTraceQl(ctx.queryParams()) : q);
    TempoParams p = TempoParams.from(ctx.queryParams(), nowMicros.getAsLong());
    TraceScan scan = new TraceScan(query.candidates().toTraceQuery(p.startMicros(), p.endMicros(), p.limit()), query, 0);
    // Both the scan and the answer (each trace's spansets, up to 1,500 traces) are CPU work: a worker's.
    return vertx.<Future<ScanResult>>executeBlocking(() -> service.scan(scan), false)
        .compose(f -> f)
        .compose(result -> vertx.executeBlocking(() -> TempoReply.json(g -> SearchJson.write(g, query, result, p.spss())),
            false));
  }

  /**
   * Weft's own: whether a query parses, for the editor's inline errors, without running it:
   * {@code {"ok": true, "query": "<as parsed>"}}, or the 400 a search would answer.
   */
  private Future<Buffer> check(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    Query query = Query.parse(q == null ? "" : q);
    return Future.succeededFuture(TempoReply.json(g -> {
      g.writeStartObject();
      g.writeBooleanField("ok", true);
      g.writeStringField("query", query.toString());
      g.writeEndObject();
    }));
  }

  /** {@code {"tagNames": [...]}}: one scope's names, or span and resource names without a scope. */
  private Future<Buffer> tagsV1(RoutingContext ctx) {
    String scope = scope(ctx);
    return catalog(ctx).map(c -> TempoReply.json(g -> {
      Set<String> names = new TreeSet<>();
      if (scope.equals("intrinsic")) {
        names.addAll(TagCatalog.INTRINSICS);
      } else if (scope.equals("all")) {
        names.addAll(c.names("span"));
        names.addAll(c.names("resource"));
      } else {
        names.addAll(c.names(scope));
      }
      g.writeStartObject();
      g.writeArrayFieldStart("tagNames");
      for (String n : names) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("metrics");
      g.writeEndObject();
      g.writeEndObject();
    }));
  }

  /** {@code {"scopes": [{"name": "span", "tags": [...]}, ...]}}. */
  private Future<Buffer> tagsV2(RoutingContext ctx) {
    String scope = scope(ctx);
    return catalog(ctx).map(c -> TempoReply.json(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("scopes");
      for (String s : List.of("span", "resource", "event", "link", "instrumentation", "intrinsic")) {
        if (!scope.equals("all") && !scope.equals(s)) {
          continue;
        }
        Set<String> names = s.equals("intrinsic") ? new TreeSet<>(TagCatalog.INTRINSICS) : c.names(s);
        if (names.isEmpty() && !scope.equals(s) && !s.equals("span") && !s.equals("resource")) {
          continue;
        }
        g.writeStartObject();
        g.writeStringField("name", s);
        g.writeArrayFieldStart("tags");
        for (String n : names) {
          g.writeString(n);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("metrics");
      g.writeEndObject();
      g.writeEndObject();
    }));
  }

  /** {@code {"tagValues": ["a", ...]}} for an unscoped name ({@code service.name}). */
  private Future<Buffer> valuesV1(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    return catalog(ctx).map(c -> TempoReply.json(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("tagValues");
      for (String v : limited(ctx, c.textValues(name))) {
        g.writeString(v);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("metrics");
      g.writeEndObject();
      g.writeEndObject();
    }));
  }

  /** {@code {"tagValues": [{"type": "string", "value": "a"}, ...]}} for a TraceQL field ({@code resource.service.name}). */
  private Future<Buffer> valuesV2(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    return catalog(ctx).map(c -> TempoReply.json(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("tagValues");
      for (TagCatalog.TypedValue v : limited(ctx, c.values(name))) {
        g.writeStartObject();
        g.writeStringField("type", v.type());
        g.writeStringField("value", v.value());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("metrics");
      g.writeEndObject();
      g.writeEndObject();
    }));
  }

  private Future<TagCatalog> catalog(RoutingContext ctx) {
    return tags.catalog(TempoParams.from(ctx.queryParams(), nowMicros.getAsLong()), ctx.request().getParam("q"));
  }

  private static String scope(RoutingContext ctx) {
    String s = ctx.request().getParam("scope");
    if (s == null || s.isEmpty() || s.equals("all") || s.equals("none")) {
      return "all";
    }
    if (!TagCatalog.SCOPES.contains(s) && !s.equals("intrinsic")) {
      throw new BadRequestException("unknown scope '" + s + "': expected resource, span, event, link, "
          + "instrumentation, intrinsic or all");
    }
    return s;
  }

  /** The first {@code limit} values, when the request gives one. */
  private static <T> List<T> limited(RoutingContext ctx, List<T> values) {
    String l = ctx.request().getParam("limit");
    try {
      int n = l == null || l.isEmpty() ? 0 : Integer.parseInt(l);
      return n > 0 && n < values.size() ? values.subList(0, n) : values;
    } catch (NumberFormatException e) {
      throw new BadRequestException("invalid 'limit': expected a whole number, got \"" + l + "\"");
    }
  }

  /** Bad input (a query that does not parse, a bad parameter) is a 400; a failing store a 500. */
  private static Handler<RoutingContext> handle(Function<RoutingContext, Future<Buffer>> h) {
    return ctx -> {
      Future<Buffer> reply = Futures.attempt(() -> h.apply(ctx));
      reply.onComplete(ar -> {
        if (ar.succeeded()) {
          TempoReply.sendJson(ctx, 200, ar.result());
        } else if (ar.cause() instanceof ParseException || ar.cause() instanceof BadRequestException) {
          TempoReply.sendError(ctx, 400, ar.cause());
        } else {
          LOG.error("{} failed", ctx.request().path(), ar.cause());
          TempoReply.sendError(ctx, 500, ar.cause());
        }
      });
    };
  }
}
