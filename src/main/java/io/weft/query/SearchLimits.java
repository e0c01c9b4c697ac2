package io.weft.query;

import io.weft.config.Durations;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.storage.TraceQuery;

/**
 * How much work one trace search may ask for, checked by {@link QueryService} before storage
 * sees the query, so every front (HTTP, event bus, api_v3) refuses the same queries with the same
 * 400. A search returns at most {@code maxDepth} traces. A search without a service must give a
 * time range (both ends) no wider than {@code maxWindowMicros}: it runs over every service's
 * traces, and only the window bounds how many it looks at when few of them match. A search with a
 * service is bounded by that service's own index and is not capped in time.
 *
 * @param maxWindowMicros {@code query.max-search-window}: widest time range of a search without a service
 * @param maxDepth {@code query.max-search-depth}: most traces one search returns
 */
public record SearchLimits(long maxWindowMicros, int maxDepth) {
  static final long DAY_MICROS = 86_400_000_000L;

  public SearchLimits {
    if (maxWindowMicros <= 0) {
      throw new IllegalArgumentException(Options.QUERY_MAX_SEARCH_WINDOW.name() + " must be positive");
    }
    if (maxDepth <= 0) {
      throw new IllegalArgumentException(Options.QUERY_MAX_SEARCH_DEPTH.name() + " must be positive");
    }
  }

  /** The defaults of {@link Options}: 7 days, 1500 traces (the Jaeger UI's own limit field stops at 1500). */
  public static SearchLimits defaults() {
    return new SearchLimits(Durations.parseMicros(Options.QUERY_MAX_SEARCH_WINDOW.defaultValue()),
        Integer.parseInt(Options.QUERY_MAX_SEARCH_DEPTH.defaultValue()));
  }

  public static SearchLimits from(WeftConfig c) {
    try {
      return new SearchLimits(c.getMicros(Options.QUERY_MAX_SEARCH_WINDOW), c.getInt(Options.QUERY_MAX_SEARCH_DEPTH));
    } catch (IllegalArgumentException e) {
      throw new io.weft.config.ConfigException(e.getMessage());
    }
  }

  /** The limit of a search that gives none: Jaeger's 100, or the search depth when that is less. */
  public int defaultLimit() {
    return Math.min(TraceSearchParser.DEFAULT_LIMIT, maxDepth);
  }

  /** @throws BadRequestException naming the limit the query goes past */
  public void check(TraceQuery q) {
    long min = q.startTimeMinMicros();
    long max = q.startTimeMaxMicros();
    if (min != 0 && max != 0 && min > max) {
      throw new BadRequestException("the search's start time (" + min + ") is after its end time (" + max + ")");
    }
    if (q.limit() > maxDepth) {
      throw new BadRequestException("limit " + q.limit() + " is more than this node's search depth of " + maxDepth
          + " traces (" + Options.QUERY_MAX_SEARCH_DEPTH.name() + ")");
    }
    if (!q.anyService()) {
      return;
    }
    if (min == 0 || max == 0) {
      throw new BadRequestException("a search without a service needs a time range (a start and an end) of at most "
          + human(maxWindowMicros) + " (" + Options.QUERY_MAX_SEARCH_WINDOW.name() + "); or choose a service");
    }
    long width = width(min, max);
    if (width > maxWindowMicros) {
      throw new BadRequestException("a search without a service may cover at most " + human(maxWindowMicros) + " ("
          + Options.QUERY_MAX_SEARCH_WINDOW.name() + "); this one covers " + human(width)
          + ": shorten the time range or choose a service");
    }
  }

  private static long width(long min, long max) {
    try {
      return Math.subtractExact(max, min);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Whole days as {@code 7d}, anything else as Go prints a duration ({@code 36h0m0s}). */
  static String human(long micros) {
    return micros >= DAY_MICROS && micros % DAY_MICROS == 0 ? micros / DAY_MICROS + "d" : Durations.format(micros);
  }
}
