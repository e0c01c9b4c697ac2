package io.weft.query;

import io.micrometer.core.instrument.MeterRegistry;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the query API.
 *
 * @param host bind address
 * @param port HTTP port (0 picks a free one)
 * @param maxClockSkewAdjustment largest shift the clock skew adjuster applies; zero turns it off
 * @param webroot directory of the web UI, served at {@code /}
 * @param searchLimits how much work one trace search may ask for
 */
public record QueryOptions(String host, int port, Duration maxClockSkewAdjustment, String webroot,
    SearchLimits searchLimits) {
  public static final int DEFAULT_PORT = 16686;

  public QueryOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(maxClockSkewAdjustment, "maxClockSkewAdjustment");
    Objects.requireNonNull(webroot, "webroot");
    Objects.requireNonNull(searchLimits, "searchLimits");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxClockSkewAdjustment.isNegative()) {
      throw new IllegalArgumentException("maxClockSkewAdjustment must not be negative");
    }
  }

  /** The query role's options as configured, its search limits counting refusals in {@code registry}. */
  public static QueryOptions from(WeftConfig config, MeterRegistry registry) {
    return new QueryOptions(config.get(Options.HOST), config.getInt(Options.QUERY_PORT),
        Duration.ofNanos(config.getMicros(Options.QUERY_MAX_SKEW) * 1000), config.get(Options.QUERY_WEBROOT),
        SearchLimits.from(config).counted(registry));
  }

  /** With the default search limits. */
  public QueryOptions(String host, int port, Duration maxClockSkewAdjustment, String webroot) {
    this(host, port, maxClockSkewAdjustment, webroot, SearchLimits.defaults());
  }

  /** All interfaces, port 16686, clock skew adjustment up to 1h, UI from {@code ./webroot}. */
  public static QueryOptions defaults() {
    return new QueryOptions("0.0.0.0", DEFAULT_PORT, TraceAssembler.DEFAULT_MAX_CLOCK_SKEW_ADJUSTMENT, "webroot");
  }

  public QueryOptions withHost(String h) {
    return new QueryOptions(h, port, maxClockSkewAdjustment, webroot, searchLimits);
  }

  public QueryOptions withPort(int p) {
    return new QueryOptions(host, p, maxClockSkewAdjustment, webroot, searchLimits);
  }

  public QueryOptions withWebroot(String w) {
    return new QueryOptions(host, port, maxClockSkewAdjustment, w, searchLimits);
  }

  public QueryOptions withSearchLimits(SearchLimits l) {
    return new QueryOptions(host, port, maxClockSkewAdjustment, webroot, l);
  }
}
