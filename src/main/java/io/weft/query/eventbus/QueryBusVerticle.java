package io.weft.query.eventbus;

import io.weft.async.Futures;
import io.weft.tenant.TenantRefusedException;
import io.weft.tenant.TenantResolver;
import io.weft.wire.Addresses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.codec.JaegerUiJson;
import io.weft.storage.PartialResult;
import io.weft.codec.JaegerUiJson.ApiError;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.query.BadRequestException;
import io.weft.query.QueryService;
import io.weft.query.TraceSearchParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The query role's event-bus API: the Jaeger query API's reads over {@link QueryService} (the class
 * behind the HTTP API, so both show the same traces). Requests are JSON objects; answers are the HTTP
 * API's envelope ({@code {"data", "total", "errors"...}}) as a JSON object. A bad request fails with
 * 400, an absent trace with 404. Point-to-point: the event bus spreads requests over the query nodes.
 *
 * <p>Under tenancy a request names its tenant in the {@code tenant} message header (the event bus's
 * {@code x-tenant}), checked like an HTTP request's; a refusal fails with 401, 400 or 403.
 */
public final class QueryBusVerticle extends VerticleBase {
  private final Function<String, QueryService> services;
  private final TenantResolver tenants;
  private final TraceSearchParser parser;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  public QueryBusVerticle(QueryService service) {
    this(t -> service, TenantResolver.disabled(), service.searchLimits().defaultLimit());
  }

  /** Each request answered from its tenant's {@link QueryService}. */
  public QueryBusVerticle(Function<String, QueryService> services, TenantResolver tenants, int defaultLimit) {
    this.services = services;
    this.tenants = tenants;
    this.parser = new TraceSearchParser(() -> System.currentTimeMillis() * 1000, defaultLimit);
  }

  @Override
  public Future<?> start() {
    on(Addresses.QUERY_SERVICES, (service, body) -> service.services()
        .map(names -> envelope(names.size(), g -> JaegerUiJson.writeStrings(g, names), names)));
    on(Addresses.QUERY_OPERATIONS, (service, body) -> service.operations(required(body, "service"),
        body.getString("spanKind")).map(ops -> envelope(ops.size(), g -> JaegerUiJson.writeOperations(g, ops), ops)));
    on(Addresses.QUERY_TRACE, this::trace);
    on(Addresses.QUERY_SEARCH, this::search);
    on(Addresses.QUERY_DEPENDENCIES, this::dependencies);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  private Future<JsonObject> trace(QueryService service, JsonObject body) {
    TraceId id = TraceSearchParser.traceId(required(body, "traceID"));
    return service.trace(id, !body.getBoolean("raw", false)).compose(spans -> spans.isEmpty()
        ? Future.failedFuture(new NotFound("trace not found: " + id.toHex()))
        : Future.succeededFuture(envelope(1, g -> JaegerUiJson.writeTraces(g, List.of(spans)), spans)));
  }

  /**
   * The parameters of {@code GET /api/traces} as JSON: {@code {"service":"s","lookback":"1h","tags":{"k":"v"},"limit":20}};
   * every one optional, the service too (then every service is searched, within the search limits).
   */
  private Future<JsonObject> search(QueryService service, JsonObject body) {
    TraceSearchParser.TraceSearch s = parser.parse(params(body));
    if (s.query() != null) {
      return service.findTraces(s.query()).map(t -> envelope(t.size(), g -> JaegerUiJson.writeTraces(g, t), t));
    }
    return service.traces(s.traceIds()).map(results -> {
      List<List<Span>> found = results.stream().filter(t -> !t.isEmpty()).toList();
      return envelope(found.size(), g -> JaegerUiJson.writeTraces(g, found), List.of());
    });
  }

  /** {@code {"endTs": ms, "lookback": ms, "service": s}}, all optional (now, 24 hours, every service). */
  private Future<JsonObject> dependencies(QueryService service, JsonObject body) {
    long endMs = body.getLong("endTs", System.currentTimeMillis());
    long lookbackMs = body.getLong("lookback", 24L * 3600 * 1000);
    if (endMs < 0 || lookbackMs <= 0) {
      throw new BadRequestException("endTs and lookback are milliseconds: endTs >= 0, lookback > 0");
    }
    return service.dependencies(Math.multiplyExact(endMs, 1000), Math.multiplyExact(lookbackMs, 1000),
        body.getString("service")).map(links -> envelope(links.size(), g -> JaegerUiJson.writeDependencies(g, links),
            links));
  }

  private static MultiMap params(JsonObject body) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, Object> e : body) {
      Object v = e.getValue();
      if (v instanceof JsonArray a) {
        a.forEach(x -> m.add(e.getKey(), String.valueOf(x)));
      } else if (v instanceof JsonObject o) {
        m.add(e.getKey(), o.encode());
      } else if (v != null) {
        m.add(e.getKey(), String.valueOf(v));
      }
    }
    return m;
  }

  private static String required(JsonObject body, String name) {
    String v = body.getString(name);
    if (v == null || v.isEmpty()) {
      throw new BadRequestException("'" + name + "' is required");
    }
    return v;
  }

  /** Jaeger's envelope; a partial answer's notice ({@link PartialResult}) goes in its errors, code 206. */
  private static JsonObject envelope(int total, JaegerUiJson.DataWriter data, List<?> answer) {
    String notice = PartialResult.notice(answer);
    List<ApiError> errors = notice == null ? List.of() : List.of(ApiError.of(206, notice));
    return new JsonObject(Buffer.buffer(JaegerUiJson.toBytes(g -> JaegerUiJson.writeEnvelope(g, data, total, errors))));
  }

  private void on(String address, BiFunction<QueryService, JsonObject, Future<JsonObject>> handler) {
    consumers.add(vertx.eventBus().<Object>consumer(address, msg -> {
      Future<JsonObject> answer = Futures.attempt(() -> handler.apply(
          services.apply(tenants.resolveNamed(msg.headers().get(TenantResolver.TOKEN_TENANT_HEADER),
              msg.headers().get(Addresses.TENANT_HEADER))), body(msg)));
      answer.onSuccess(msg::reply).onFailure(err -> msg.fail(code(err), String.valueOf(err.getMessage())));
    }));
  }

  private static int code(Throwable err) {
    if (err instanceof TenantRefusedException r) {
      return r.httpStatus();
    }
    if (err instanceof NotFound) {
      return 404;
    }
    if (err instanceof io.weft.storage.StorageUnavailableException) {
      return 503;
    }
    return err instanceof BadRequestException || err instanceof IllegalArgumentException
        || err instanceof ClassCastException || err instanceof io.vertx.core.json.DecodeException ? 400 : 500;
  }

  /** Bridge clients may send no body, a JSON object, or JSON text; anything else is a BadRequestException. */
  public static JsonObject body(Message<Object> msg) {
    Object b = msg.body();
    if (b == null) {
      return new JsonObject();
    }
    if (b instanceof JsonObject j) {
      return j;
    }
    if (b instanceof String s && !s.isBlank()) {
      return new JsonObject(s);
    }
    throw new BadRequestException("expected a JSON object body");
  }

  private static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }
}
