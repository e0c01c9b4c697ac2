package io.weft.query.metrics;

import io.vertx.core.MultiMap;
import io.weft.model.SpanKind;
import io.weft.query.BadRequestException;
import io.weft.spanmetrics.RedQuery;
import io.weft.spanmetrics.SeriesKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The parameters of Jaeger's metrics API, parsed as Jaeger parses them (cmd/query/app
 * query_parser.go): {@code service} (repeatable, required), {@code groupByOperation} (Go's
 * ParseBool), {@code endTs} (epoch ms, default now), {@code lookback} (ms, default 1 h), {@code step}
 * (ms, default 5 s), {@code ratePer} (ms, default 10 min), {@code spanKind} (repeatable, default
 * server), {@code quantile} (latencies: required, in (0, 1]). Errors read as Jaeger's do:
 * "unable to parse param 'x': ...". Beyond Jaeger: the step may not be finer than the stored buckets
 * ({@code /api/metrics/minstep}; the default step becomes the bucket), and a query may not ask for more
 * than {@link #MAX_POINTS} points or reach back more than {@link #MAX_RANGE_MS}.
 */
final class MetricsParams {
  static final int MAX_POINTS = 11_000; // Prometheus' own limit per series
  static final long MAX_RANGE_MS = 31L * 86_400_000;
  static final long DEFAULT_LOOKBACK_MS = 3_600_000;
  static final long DEFAULT_STEP_MS = 5_000;
  static final long DEFAULT_RATE_PER_MS = 600_000;
  private static final List<String> TRUE = List.of("1", "t", "T", "true", "TRUE", "True");
  private static final List<String> FALSE = List.of("0", "f", "F", "false", "FALSE", "False");

  private MetricsParams() {}

  static RedQuery.Params parse(MultiMap q, long nowMs, long bucketMs, boolean latencies) {
    List<String> services = new ArrayList<>();
    for (String s : q.getAll("service")) {
      if (!s.isEmpty()) {
        services.add(s);
      }
    }
    if (services.isEmpty()) {
      throw bad("service", "please provide at least one service name");
    }
    double[] quantiles = new double[0];
    if (latencies) {
      double quantile = quantile(q.get("quantile"));
      quantiles = new double[] {quantile};
    }
    boolean byOp = bool(q.get("groupByOperation"), "groupByOperation");
    Set<SpanKind> kinds = kinds(q.getAll("spanKind"));
    long end = millis(q.get("endTs"), "endTs", nowMs);
    long lookback = millis(q.get("lookback"), "lookback", DEFAULT_LOOKBACK_MS);
    String stepText = q.get("step");
    long step = millis(stepText, "step", Math.max(DEFAULT_STEP_MS, bucketMs));
    long ratePer = millis(q.get("ratePer"), "ratePer", DEFAULT_RATE_PER_MS);
    if (lookback <= 0) {
      throw bad("lookback", "must be a positive number of milliseconds, got " + lookback);
    }
    if (step <= 0) {
      throw bad("step", "must be a positive number of milliseconds, got " + step);
    }
    if (ratePer <= 0) {
      throw bad("ratePer", "must be a positive number of milliseconds, got " + ratePer);
    }
    if (step < bucketMs) {
      throw bad("step", step + " ms is finer than the span metrics' buckets of " + bucketMs
          + " ms (see /api/metrics/minstep)");
    }
    if (lookback / step + 1 > MAX_POINTS) {
      throw bad("step", "lookback / step asks for " + (lookback / step + 1) + " points, more than " + MAX_POINTS
          + ": take a longer step or a shorter lookback");
    }
    if (lookback + ratePer > MAX_RANGE_MS) {
      throw bad("lookback", "lookback plus ratePer reaches back " + (lookback + ratePer) / 86_400_000
          + " days, more than 31");
    }
    return new RedQuery.Params(List.copyOf(services), byOp, kinds, end, lookback, step, ratePer, quantiles);
  }

  static double quantile(String v) {
    if (v == null || v.isEmpty()) {
      throw bad("quantile", "please provide a quantile in (0, 1], e.g. 0.95");
    }
    double quantile;
    try {
      quantile = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw bad("quantile", "strconv.ParseFloat: parsing \"" + v + "\": invalid syntax");
    }
    if (!(quantile > 0 && quantile <= 1)) {
      throw bad("quantile", "must be in (0, 1], got " + v);
    }
    return quantile;
  }

  static boolean bool(String v, String name) {
    if (v == null || v.isEmpty()) {
      return false;
    }
    if (TRUE.contains(v)) {
      return true;
    }
    if (FALSE.contains(v)) {
      return false;
    }
    throw bad(name, "strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
  }

  static Set<SpanKind> kinds(List<String> values) {
    if (values.isEmpty()) {
      return EnumSet.of(SpanKind.SERVER);
    }
    Set<SpanKind> kinds = EnumSet.noneOf(SpanKind.class);
    for (String v : values) {
      SpanKind k = SeriesKey.parseKind(v);
      if (k == null) {
        throw bad("spanKind", "unsupported span kind: '" + v + "'");
      }
      kinds.add(k);
    }
    return kinds;
  }

  static long millis(String v, String name, long dflt) {
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      long ms = Long.parseLong(v);
      if (ms < 0) {
        throw bad(name, "must not be negative, got " + v);
      }
      return ms;
    } catch (NumberFormatException e) {
      throw bad(name, "strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
    }
  }

  static BadRequestException bad(String param, String why) {
    return new BadRequestException("unable to parse param '" + param + "': " + why);
  }
}
