package io.weft.query.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.spanmetrics.RedQuery;
import java.time.Instant;
import java.util.Locale;

/**
 * Jaeger's {@code MetricFamily} (proto api_v2/metrics/openmetrics.proto) as its query service writes
 * it with jsonpb: lowerCamelCase fields, enum names, RFC 3339 timestamps, non-finite doubles as
 * strings ("NaN"). One difference: an empty {@code metrics} is written as [] (jsonpb leaves it out),
 * which the Jaeger UI reads the same and a client indexing it does not trip over.
 */
final class MetricFamilies {
  enum Kind { LATENCIES, CALLS, ERRORS }

  private MetricFamilies() {}

  static JsonObject of(Kind kind, RedQuery.Params p, RedQuery.Result r) {
    String name = switch (kind) {
      case LATENCIES -> "service_latencies";
      case CALLS -> "service_call_rate";
      case ERRORS -> "service_error_rate";
    };
    String help = switch (kind) {
      case LATENCIES -> String.format(Locale.ROOT, "%.2fth quantile latency, grouped by service", p.quantiles()[0]);
      case CALLS -> "calls/sec, grouped by service";
      case ERRORS -> "error rate, computed as a fraction of errors/sec over calls/sec, grouped by service";
    };
    if (p.groupByOperation()) {
      name = name.replaceFirst("service", "service_operation");
      help += " & operation";
    }
    JsonArray metrics = new JsonArray();
    String[] stamps = new String[r.timestamps().length];
    for (int i = 0; i < stamps.length; i++) {
      stamps[i] = Instant.ofEpochMilli(r.timestamps()[i]).toString();
    }
    for (RedQuery.Group g : r.groups()) {
      JsonArray labels = new JsonArray();
      if (g.operation() != null) {
        labels.add(label("operation", g.operation()));
      }
      labels.add(label("service_name", g.service()));
      double[] values = switch (kind) {
        case LATENCIES -> g.latencyMs()[0];
        case CALLS -> g.callRate();
        case ERRORS -> g.errorRatio();
      };
      JsonArray points = new JsonArray();
      for (int i = 0; i < values.length; i++) {
        points.add(new JsonObject().put("gaugeValue", new JsonObject().put("doubleValue", number(values[i])))
            .put("timestamp", stamps[i]));
      }
      metrics.add(new JsonObject().put("labels", labels).put("metricPoints", points));
    }
    return new JsonObject().put("name", name).put("type", "GAUGE").put("help", help).put("metrics", metrics);
  }

  private static JsonObject label(String name, String value) {
    return new JsonObject().put("name", name).put("value", value);
  }

  /** jsonpb's doubles: numbers, and "NaN", "Infinity", "-Infinity" as strings. */
  static Object number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    return v;
  }
}
