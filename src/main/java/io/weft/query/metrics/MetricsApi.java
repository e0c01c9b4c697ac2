package io.weft.query.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.weft.async.Futures;
import io.weft.query.BadRequestException;
import io.weft.spanmetrics.RedQuery;
import io.weft.storage.SeriesStore;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jaeger's metrics API on the query port (what the Jaeger UI's Monitor tab calls):
 * {@code GET /api/metrics/latencies|calls|errors} answer a {@code MetricFamily}, {@code minstep} the
 * bucket width in ms; {@code /api/quality-metrics} is not offered (a JSON 404). Weft's Monitor page
 * has its own summaries beside them ({@link SummaryApi}). With span metrics off every route answers
 * 501, as Jaeger does without a metrics backend. Computing runs on a worker.
 */
public final class MetricsApi {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsApi.class);
  static final String DISABLED = "span metrics are off on this Weft node (span-metrics.enabled=false)";

  private final Vertx vertx;
  private final SeriesStore store;
  private final long bucketMs;
  private final LongSupplier clock;

  /** {@code store} null: span metrics are off. */
  public MetricsApi(Vertx vertx, SeriesStore store, long bucketMs, LongSupplier clock) {
    this.vertx = vertx;
    this.store = store;
    this.bucketMs = bucketMs;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/api/metrics/latencies").handler(ctx -> family(ctx, MetricFamilies.Kind.LATENCIES));
    router.get("/api/metrics/calls").handler(ctx -> family(ctx, MetricFamilies.Kind.CALLS));
    router.get("/api/metrics/errors").handler(ctx -> family(ctx, MetricFamilies.Kind.ERRORS));
    router.get("/api/metrics/minstep").handler(ctx -> {
      if (store == null) {
        error(ctx, 501, DISABLED);
      } else {
        send(ctx, 200, envelope(bucketMs));
      }
    });
    router.get("/api/quality-metrics").handler(ctx -> error(ctx, 404, "quality metrics are not provided by Weft "
        + "(Jaeger serves made-up sample data here)"));
    new SummaryApi(vertx, store, bucketMs, clock).mount(router);
  }

  private void family(RoutingContext ctx, MetricFamilies.Kind kind) {
    answer(ctx, store, () -> {
      RedQuery.Params p = MetricsParams.parse(ctx.queryParams(), clock.getAsLong(), bucketMs,
          kind == MetricFamilies.Kind.LATENCIES);
      long first = RedQuery.firstBucket(p, bucketMs);
      long[] ts = RedQuery.timestamps(p);
      return store.series(p.services(), first, ts[ts.length - 1])
          .compose(buckets -> vertx.executeBlocking(() -> MetricFamilies.of(kind, p,
              RedQuery.compute(p, bucketMs, buckets)), false));
    }, json -> json);
  }

  /** Runs a query: bad input a 400, a failing store a 500, span metrics off a 501; all in Jaeger's envelope. */
  static <T> void answer(RoutingContext ctx, SeriesStore store, java.util.function.Supplier<Future<T>> query,
      Function<T, JsonObject> shape) {
    if (store == null) {
      error(ctx, 501, DISABLED);
      return;
    }
    Future<T> f = Futures.attempt(query);
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        send(ctx, 200, shape.apply(ar.result()));
      } else if (ar.cause() instanceof BadRequestException) {
        error(ctx, 400, ar.cause().getMessage());
      } else {
        LOG.error("{} failed", ctx.request().path(), ar.cause());
        error(ctx, 500, String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  /** Jaeger's structured response around {@code data}. */
  static JsonObject envelope(Object data) {
    return new JsonObject().put("data", data).put("total", data instanceof JsonArray a ? a.size() : 0)
        .put("limit", 0).put("offset", 0).putNull("errors");
  }

  static void error(RoutingContext ctx, int status, String msg) {
    send(ctx, status, new JsonObject().putNull("data").put("total", 0).put("limit", 0).put("offset", 0)
        .put("errors", new JsonArray().add(new JsonObject().put("code", status).put("msg", msg))));
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
    String pretty = ctx.request().getParam("prettyPrint");
    boolean indent = pretty != null && !pretty.isEmpty() && !pretty.equals("false");
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(indent ? body.encodePrettily() : body.encode());
  }
}
