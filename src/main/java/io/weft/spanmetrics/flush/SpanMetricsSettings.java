package io.weft.spanmetrics.flush;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.spanmetrics.AggregatorSettings;

/** The {@code span-metrics.*} options. */
public record SpanMetricsSettings(boolean enabled, long stepMs, int maxSeries, int maxOperationsPerService,
    long memoryMaxBytes) {
  /** How far back the in-memory ring keeps buckets at most (its byte bound usually comes first). */
  public static final long MEMORY_RETENTION_MS = 7 * 86_400_000L;
  /** Flushes that may wait for a sink that fails (ten minutes of flushes at the default step): older ones go, counted. */
  static final int MAX_PENDING_DELTAS = 40;

  public static SpanMetricsSettings from(WeftConfig c) {
    String enabled = c.get(Options.SPAN_METRICS_ENABLED).trim();
    if (!enabled.equals("true") && !enabled.equals("false")) {
      throw new ConfigException("span-metrics.enabled must be true or false, got '" + enabled + "'");
    }
    long step = c.getMicros(Options.SPAN_METRICS_STEP) / 1000;
    if (step < 1000 || step > 3_600_000 || 3_600_000 % step != 0) {
      throw new ConfigException("span-metrics.step must divide an hour and be at least 1s (e.g. 5s, 15s, 1m), got "
          + c.get(Options.SPAN_METRICS_STEP));
    }
    int series = c.getInt(Options.SPAN_METRICS_MAX_SERIES);
    int ops = c.getInt(Options.SPAN_METRICS_MAX_OPERATIONS);
    if (series < 1 || ops < 1) {
      throw new ConfigException("span-metrics.max-series and span-metrics.max-operations-per-service must be at least 1");
    }
    long bytes = c.getLong(Options.SPAN_METRICS_MEMORY_BYTES);
    if (bytes < 1 << 20) {
      throw new ConfigException("span-metrics.memory.max-bytes must be at least 1048576 (1 MiB)");
    }
    return new SpanMetricsSettings(enabled.equals("true"), step, series, ops, bytes);
  }

  public AggregatorSettings aggregator() {
    return AggregatorSettings.of(stepMs, maxSeries, maxOperationsPerService);
  }
}
