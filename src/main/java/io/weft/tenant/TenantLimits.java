package io.weft.tenant;

/**
 * One tenant's limits; 0 means none. Rates are per collector node; {@code ttlSeconds} 0 keeps the
 * backend's own retention ({@code cassandra.ttl}); {@code maxMetricSeries} 0 takes
 * {@code span-metrics.max-series} (span-metric series, and service-graph edges, per collector node).
 */
public record TenantLimits(long spansPerSecond, long bytesPerSecond, int maxSpansPerTrace, int ttlSeconds,
    int maxMetricSeries) {
  public static final TenantLimits NONE = new TenantLimits(0, 0, 0, 0, 0);

  public TenantLimits(long spansPerSecond, long bytesPerSecond, int maxSpansPerTrace, int ttlSeconds) {
    this(spansPerSecond, bytesPerSecond, maxSpansPerTrace, ttlSeconds, 0);
  }

  /** The series limit of this tenant's span metrics: its own, else the node's {@code span-metrics.max-series}. */
  public int metricSeriesOr(int nodeMaxSeries) {
    return maxMetricSeries > 0 ? maxMetricSeries : nodeMaxSeries;
  }

  /** This tenant's value for one override key ({@link TenancySettings#OVERRIDE_KEYS}). */
  TenantLimits with(String key, long value) {
    return switch (key) {
      case "spans-per-second" -> new TenantLimits(value, bytesPerSecond, maxSpansPerTrace, ttlSeconds, maxMetricSeries);
      case "bytes-per-second" -> new TenantLimits(spansPerSecond, value, maxSpansPerTrace, ttlSeconds, maxMetricSeries);
      case "max-spans-per-trace" -> new TenantLimits(spansPerSecond, bytesPerSecond, Math.toIntExact(value), ttlSeconds,
          maxMetricSeries);
      case "ttl" -> new TenantLimits(spansPerSecond, bytesPerSecond, maxSpansPerTrace, Math.toIntExact(value),
          maxMetricSeries);
      case "max-metric-series" -> new TenantLimits(spansPerSecond, bytesPerSecond, maxSpansPerTrace, ttlSeconds,
          Math.toIntExact(value));
      default -> throw new IllegalArgumentException(key);
    };
  }
}
