package io.weft.query.metrics;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.weft.model.SpanKind;
import io.weft.spanmetrics.RedQuery;
import io.weft.spanmetrics.WindowTotals;
import io.weft.storage.SeriesStore;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Weft's Monitor page's summaries, in Jaeger's envelope; times in ms as in Jaeger's API:
 * <ul>
 * <li>{@code GET /api/spanmetrics/services?endTs&lookback&spanKind&points}: every service with data,
 *     its rate, error ratio and quantiles over the window and a sparkline of {@code points} points;
 * <li>{@code GET /api/spanmetrics/operations?service&endTs&lookback&spanKind}: a service's
 *     operations ranked by impact, their share of the time the service spent;
 * <li>{@code GET /api/spanmetrics/edges?endTs&lookback}: the service graph's edges with rate,
 *     error ratio and server-side latency.
 * </ul>
 * Latencies are ms, rates per second, error ratios fractions; null where there were no calls.
 */
final class SummaryApi {
  private static final double[] QS = {0.5, 0.75, 0.95, 0.99};

  private final Vertx vertx;
  private final SeriesStore store;
  private final long bucketMs;
  private final LongSupplier clock;

  SummaryApi(Vertx vertx, SeriesStore store, long bucketMs, LongSupplier clock) {
    this.vertx = vertx;
    this.store = store;
    this.bucketMs = bucketMs;
    this.clock = clock;
  }

  void mount(Router router) {
    router.get("/api/spanmetrics/services").handler(ctx -> MetricsApi.answer(ctx, store,
        () -> services(ctx.queryParams()), MetricsApi::envelope));
    router.get("/api/spanmetrics/operations").handler(ctx -> MetricsApi.answer(ctx, store,
        () -> operations(ctx.queryParams()), MetricsApi::envelope));
    router.get("/api/spanmetrics/edges").handler(ctx -> MetricsApi.answer(ctx, store,
        () -> edges(ctx.queryParams()), MetricsApi::envelope));
  }

  private record Window(long end, long lookback) {}

  private Window window(MultiMap q) {
    long end = MetricsParams.millis(q.get("endTs"), "endTs", clock.getAsLong());
    long lookback = MetricsParams.millis(q.get("lookback"), "lookback", MetricsParams.DEFAULT_LOOKBACK_MS);
    if (lookback <= 0 || lookback > MetricsParams.MAX_RANGE_MS) {
      throw MetricsParams.bad("lookback", "must be more than 0 and at most 31 days in milliseconds, got " + lookback);
    }
    return new Window(end, lookback);
  }

  private Future<JsonArray> services(MultiMap q) {
    Window w = window(q);
    Set<SpanKind> kinds = MetricsParams.kinds(q.getAll("spanKind"));
    long points = MetricsParams.millis(q.get("points"), "points", 30);
    if (points < 2 || points > 500) {
      throw MetricsParams.bad("points", "must be 2 to 500, got " + points);
    }
    long step = Math.max(bucketMs, ((w.lookback / (points - 1)) + bucketMs - 1) / bucketMs * bucketMs);
    long[] range = WindowTotals.range(w.end, w.lookback, bucketMs);
    return store.services(range[0], w.end).compose(names -> {
      RedQuery.Params spark = new RedQuery.Params(names, false, kinds, w.end, step * (points - 1), step, step,
          new double[] {0.95});
      long from = Math.min(range[0], RedQuery.firstBucket(spark, bucketMs));
      return store.series(names, from, w.end).compose(buckets -> vertx.executeBlocking(() -> {
        RedQuery.Result lines = RedQuery.compute(spark, bucketMs, buckets);
        JsonArray out = new JsonArray();
        for (WindowTotals.Totals t : sorted(WindowTotals.of(buckets, kinds, false, w.end, w.lookback, bucketMs),
            Comparator.comparingDouble(WindowTotals.Totals::callRate).reversed())) {
          JsonObject s = totals(t).put("service", t.service());
          for (RedQuery.Group g : lines.groups()) {
            if (g.service().equals(t.service())) {
              s.put("sparkline", new JsonObject().put("timestamps", longs(lines.timestamps()))
                  .put("callRate", doubles(g.callRate())).put("errorRatio", doubles(g.errorRatio()))
                  .put("p95", doubles(g.latencyMs()[0])));
            }
          }
          out.add(s);
        }
        return out;
      }, false));
    });
  }

  private Future<JsonArray> operations(MultiMap q) {
    String service = q.get("service");
    if (service == null || service.isEmpty()) {
      throw MetricsParams.bad("service", "please provide a service name");
    }
    Window w = window(q);
    Set<SpanKind> kinds = MetricsParams.kinds(q.getAll("spanKind"));
    long[] range = WindowTotals.range(w.end, w.lookback, bucketMs);
    return store.series(List.of(service), range[0], range[1] + 1).compose(buckets -> vertx.executeBlocking(() -> {
      List<WindowTotals.Totals> ops = WindowTotals.of(buckets, kinds, true, w.end, w.lookback, bucketMs);
      double busy = 0;
      for (WindowTotals.Totals t : ops) {
        busy += t.busyMsPerSecond();
      }
      JsonArray out = new JsonArray();
      for (WindowTotals.Totals t : sorted(ops, Comparator.comparingDouble(WindowTotals.Totals::busyMsPerSecond)
          .reversed())) {
        out.add(totals(t).put("operation", t.operation()).put("busyMsPerSecond", t.busyMsPerSecond())
            .put("impact", busy == 0 ? 0 : t.busyMsPerSecond() / busy));
      }
      return out;
    }, false));
  }

  private Future<JsonArray> edges(MultiMap q) {
    Window w = window(q);
    long[] range = WindowTotals.range(w.end, w.lookback, bucketMs);
    return store.edges(range[0], range[1] + 1).compose(buckets -> vertx.executeBlocking(() -> {
      JsonArray out = new JsonArray();
      for (WindowTotals.EdgeTotals e : WindowTotals.edges(buckets, w.end, w.lookback, bucketMs)) {
        JsonObject o = new JsonObject().put("client", e.edge().client()).put("server", e.edge().server())
            .put("connectionType", e.edge().connectionType()).put("calls", e.calls()).put("callRate", e.callRate())
            .put("errorRatio", num(e.errorRatio()));
        for (double qv : QS) {
          o.put(name(qv), num(e.latency().quantile(qv) / 1000.0));
        }
        out.add(o);
      }
      return out;
    }, false));
  }

  private static <T> List<T> sorted(List<T> list, Comparator<T> by) {
    list.sort(by);
    return list;
  }

  private static JsonObject totals(WindowTotals.Totals t) {
    JsonObject o = new JsonObject().put("calls", t.calls()).put("errors", t.errors()).put("callRate", t.callRate())
        .put("errorRatio", num(t.errorRatio()))
        .put("meanMs", num(t.calls() == 0 ? Double.NaN : t.latency().sum() / t.calls() / 1000.0));
    for (double q : QS) {
      o.put(name(q), num(t.quantileMs(q)));
    }
    return o;
  }

  private static String name(double q) {
    return "p" + Math.round(q * 100);
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static JsonArray doubles(double[] v) {
    JsonArray a = new JsonArray();
    for (double d : v) {
      a.add(num(d));
    }
    return a;
  }

  private static JsonArray longs(long[] v) {
    JsonArray a = new JsonArray();
    for (long d : v) {
      a.add(d);
    }
    return a;
  }
}
