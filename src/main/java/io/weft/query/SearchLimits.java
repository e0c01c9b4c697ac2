package io.weft.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Every search also has a cost, its limit times its time range in hours (a range not given counts as
 * {@code maxWindowMicros}), at most {@code maxCost}: the work a search may ask of storage grows with both.
 *
 * @param maxWindowMicros {@code query.max-search-window}: widest time range of a search without a service
 * @param maxDepth {@code query.max-search-depth}: most traces one search returns
 * @param maxCost {@code query.max-search-cost}: largest limit × hours of one search
 * @param refusals counts refused searches per reason (window, depth, cost); not part of the limits' identity
 */
public record SearchLimits(long maxWindowMicros, int maxDepth, long maxCost, Refusals refusals) {
  static final long DAY_MICROS = 86_400_000_000L;
  static final long HOUR_MICROS = 3_600_000_000L;

  /** Where refused searches are counted: {@code weft_query_searches_refused_total{reason}}. */
  public interface Refusals {
    Refusals NONE = reason -> { };

    void refused(String reason);

    static Refusals counted(MeterRegistry registry) {
      return reason -> Counter.builder("weft_query_searches_refused").description("trace searches refused by the "
          + "search limits, per reason (window, depth, cost)").tag("reason", reason).register(registry).increment();
    }
  }

  /** The default cost: the widest window at the deepest limit. */
  public SearchLimits(long maxWindowMicros, int maxDepth) {
    this(maxWindowMicros, maxDepth, defaultCost(), Refusals.NONE);
  }

  public SearchLimits {
    if (maxCost <= 0) {
      throw new IllegalArgumentException(Options.QUERY_MAX_SEARCH_COST.name() + " must be positive");
    }
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
      return new SearchLimits(c.getMicros(Options.QUERY_MAX_SEARCH_WINDOW), c.getInt(Options.QUERY_MAX_SEARCH_DEPTH),
          c.getLong(Options.QUERY_MAX_SEARCH_COST), Refusals.NONE);
    } catch (IllegalArgumentException e) {
      throw new io.weft.config.ConfigException(e.getMessage());
    }
  }

  private static long defaultCost() {
    return Long.parseLong(Options.QUERY_MAX_SEARCH_COST.defaultValue());
  }

  /** These limits, counting refusals in {@code registry}. */
  public SearchLimits counted(MeterRegistry registry) {
    return new SearchLimits(maxWindowMicros, maxDepth, maxCost, Refusals.counted(registry));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchLimits l && l.maxWindowMicros == maxWindowMicros && l.maxDepth == maxDepth
        && l.maxCost == maxCost;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(maxWindowMicros, maxDepth, maxCost);
  }

  /** The limit of a search that gives none: Jaeger's 100, or the search depth when that is less. */
  public int defaultLimit() {
    return Math.min(TraceSearchParser.DEFAULT_LIMIT, maxDepth);
  }

  /** @throws BadRequestException naming the limit the query goes past */
  public void check(TraceQuery q) {
    try {
      checkLimits(q);
    } catch (Refused e) {
      refusals.refused(e.reason);
      throw e;
    }
  }

  /** A search past a limit: a 400 whose reason is counted. */
  static final class Refused extends BadRequestException {
    final String reason;

    Refused(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  private void checkLimits(TraceQuery q) {
    long min = q.startTimeMinMicros();
    long max = q.startTimeMaxMicros();
    if (min != 0 && max != 0 && min > max) {
      throw new BadRequestException("the search's start time (" + min + ") is after its end time (" + max + ")");
    }
    if (q.limit() > maxDepth) {
      throw new Refused("depth", "limit " + q.limit() + " is more than this node's search depth of " + maxDepth
          + " traces (" + Options.QUERY_MAX_SEARCH_DEPTH.name() + ")");
    }
    if (!q.anyService()) {
      checkCost(q, min, max);
      return;
    }
    if (min == 0 || max == 0) {
      throw new Refused("window", "a search without a service needs a time range (a start and an end) of at most "
          + human(maxWindowMicros) + " (" + Options.QUERY_MAX_SEARCH_WINDOW.name() + "); or choose a service");
    }
    long width = width(min, max);
    if (width > maxWindowMicros) {
      throw new Refused("window", "a search without a service may cover at most " + human(maxWindowMicros) + " ("
          + Options.QUERY_MAX_SEARCH_WINDOW.name() + "); this one covers " + human(width)
          + ": shorten the time range or choose a service");
    }
    checkCost(q, min, max);
  }

  /** limit × hours (whole hours, at least 1; a range not given counts as the widest window). */
  private void checkCost(TraceQuery q, long min, long max) {
    long width = min == 0 || max == 0 ? maxWindowMicros : width(min, max);
    long hours = Math.max(1, width / HOUR_MICROS + (width % HOUR_MICROS == 0 ? 0 : 1));
    long limit = Math.max(1, q.limit());
    long cost = hours > Long.MAX_VALUE / limit ? Long.MAX_VALUE : hours * limit;
    if (cost > maxCost) {
      throw new Refused("cost", "this search asks for " + limit + " traces over " + hours + " hours (cost "
          + (cost == Long.MAX_VALUE ? "beyond counting" : cost) + "), more than " + Options.QUERY_MAX_SEARCH_COST.name()
          + " (" + maxCost + " traces × hours): lower the limit or shorten the time range");
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
