package io.weft.query.zipkin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.weft.async.Futures;
import io.weft.storage.SpanReader;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zipkin's v2 query API over Weft's storage, as the Zipkin server serves it (ZipkinQueryApiV2):
 * at {@code /api/v2} and {@code /zipkin/api/v2} on the Zipkin port (beside {@code POST /api/v2/spans}),
 * at {@code /zipkin/api/v2} on the query port, with Zipkin Lens at {@code /zipkin/} on both when
 * a Lens folder is given. See docs/zipkin-api.md.
 */
public final class ZipkinApi {
  private static final Logger LOG = LoggerFactory.getLogger(ZipkinApi.class);
  static final String NOT_HERE = "Zipkin's query API is served by nodes that run the query role; this one does not now";

  private final NameEndpoints names;
  private final TraceSearch search;
  private final TraceLookup lookup;
  private final Dependencies dependencies;
  private final Lens lens;

  public ZipkinApi(SpanReader reader, ZipkinSettings settings) {
    this(reader, settings, System::currentTimeMillis);
  }

  ZipkinApi(SpanReader reader, ZipkinSettings settings, LongSupplier nowMillis) {
    this.names = new NameEndpoints(reader, settings);
    this.search = new TraceSearch(reader, nowMillis);
    this.lookup = new TraceLookup(reader);
    this.dependencies = new Dependencies(reader);
    this.lens = new Lens(settings.lensFolder());
  }

  /** The query port: the API under {@code /zipkin/api/v2}, next to Lens. */
  public void mountOnQueryPort(Router router) {
    mount(router, List.of("/zipkin"), () -> true);
    lens.mount(router, false);
  }

  /**
   * Under tenancy, Lens's files alone on the query port, served before a request's tenant is known (a
   * browser cannot name one when it loads a page), its index.html naming the tenant on Lens's API calls.
   */
  public static void mountLensFiles(Router router, ZipkinSettings settings, String tenantHeader) {
    new Lens(settings.lensFolder(), tenantHeader).mount(router, false);
  }

  /**
   * The Zipkin port, as the Zipkin server's: the API at {@code /api/v2} and {@code /zipkin/api/v2}, Lens,
   * and {@code /} leading to Lens. {@code queryRunsHere} is asked on each request: in a cluster the
   * query role may come and go while the collector keeps the port.
   */
  public void mountOnZipkinPort(Router router, BooleanSupplier queryRunsHere) {
    mount(router, List.of("", "/zipkin"), queryRunsHere);
    router.get("/zipkin/*").handler(ctx -> {
      if (queryRunsHere.getAsBoolean()) {
        ctx.next();
      } else {
        Reply.text(404, NOT_HERE).send(ctx);
      }
    });
    lens.mount(router, true);
  }

  private void mount(Router router, List<String> prefixes, BooleanSupplier enabled) {
    for (String p : prefixes) {
      String api = p + "/api/v2";
      router.get(api + "/services").handler(handle(enabled, names::services));
      router.get(api + "/spans").handler(handle(enabled, names::spanNames));
      router.get(api + "/remoteServices").handler(handle(enabled, names::remoteServiceNames));
      router.get(api + "/autocompleteKeys").handler(handle(enabled, names::autocompleteKeys));
      router.get(api + "/autocompleteValues").handler(handle(enabled, names::autocompleteValues));
      router.get(api + "/traces").handler(handle(enabled, search::handle));
      router.get(api + "/trace/:traceId").handler(handle(enabled, lookup::trace));
      router.get(api + "/traceMany").handler(handle(enabled, lookup::traceMany));
      router.get(api + "/dependencies").handler(handle(enabled, dependencies::handle));
      router.get(api + "/*").handler(ctx -> Reply.text(404, "404 Not Found").send(ctx));
    }
  }

  /** Runs an endpoint: bad input (IllegalArgumentException, as in Zipkin) is a 400, anything else a 500. */
  private static Handler<RoutingContext> handle(BooleanSupplier enabled, Function<RoutingContext, Future<Reply>> h) {
    return ctx -> {
      if (!enabled.getAsBoolean()) {
        Reply.text(404, NOT_HERE).send(ctx);
        return;
      }
      Future<Reply> reply = Futures.attempt(() -> h.apply(ctx));
      reply.onComplete(ar -> {
        if (ar.succeeded()) {
          ar.result().send(ctx);
          return;
        }
        Throwable err = ar.cause();
        String message = err.getMessage() != null ? err.getMessage() : err.getClass().getSimpleName();
        if (err instanceof IllegalArgumentException) {
          Reply.text(400, message).send(ctx);
        } else {
          LOG.warn("Unexpected error handling GET {}", ctx.request().path(), err);
          Reply.text(500, message).send(ctx);
        }
      });
    };
  }
}
