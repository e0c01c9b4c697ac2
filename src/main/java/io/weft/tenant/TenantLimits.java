package io.weft.tenant;

/**
 * One tenant's limits; 0 means none. Rates are per collector node; {@code ttlSeconds} 0 keeps the
 * backend's own retention ({@code cassandra.ttl}).
 */
public record TenantLimits(long spansPerSecond, long bytesPerSecond, int maxSpansPerTrace, int ttlSeconds) {
  public static final TenantLimits NONE = new TenantLimits(0, 0, 0, 0);

  /** This tenant's value for one override key ({@link TenancySettings#OVERRIDE_KEYS}). */
  TenantLimits with(String key, long value) {
    return switch (key) {
      case "spans-per-second" -> new TenantLimits(value, bytesPerSecond, maxSpansPerTrace, ttlSeconds);
      case "bytes-per-second" -> new TenantLimits(spansPerSecond, value, maxSpansPerTrace, ttlSeconds);
      case "max-spans-per-trace" -> new TenantLimits(spansPerSecond, bytesPerSecond, Math.toIntExact(value), ttlSeconds);
      case "ttl" -> new TenantLimits(spansPerSecond, bytesPerSecond, maxSpansPerTrace, Math.toIntExact(value));
      default -> throw new IllegalArgumentException(key);
    };
  }
}
