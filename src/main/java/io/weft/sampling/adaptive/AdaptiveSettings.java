package io.weft.sampling.adaptive;

import io.weft.config.ConfigException;
import io.weft.config.Option;
import io.weft.config.Options;
import io.weft.config.WeftConfig;

/**
 * Jaeger's adaptive sampling options ({@code adaptive/options.go}), with its defaults: one sampled
 * trace per second per operation, 30% tolerance, a calculation a minute over the last bucket of ten
 * kept, two minutes of delay, 0.001 for a new operation, never below 1e-5, at least one trace a minute,
 * increases capped at 100% a round, leader lease renewed every 5 s, followers trying every 60 s.
 */
public record AdaptiveSettings(double targetSamplesPerSecond, double deltaTolerance, long calculationIntervalMs,
    int aggregationBuckets, int calculationBuckets, long delayMs, double initialProbability, double minProbability,
    double minSamplesPerSecond, double increaseCap, long leaderLeaseRefreshMs, long followerLeaseRefreshMs,
    boolean countUntaggedRoots) {

  /** How often a node re-reads the latest probabilities (Jaeger's provider: 20 s), at most once an interval. */
  public long refreshMs() {
    return Math.min(20_000, calculationIntervalMs);
  }

  /** How long throughput is kept in the sampling store: every bucket in use, the delay, and slack. */
  public long throughputTtlMs() {
    return 2 * (aggregationBuckets * calculationIntervalMs + delayMs) + calculationIntervalMs;
  }

  /** Null when adaptive sampling is off. */
  public static AdaptiveSettings from(WeftConfig c) {
    if (!bool(c, Options.ADAPTIVE)) {
      return null;
    }
    AdaptiveSettings s = new AdaptiveSettings(c.getDouble(Options.ADAPTIVE_TARGET),
        c.getDouble(Options.ADAPTIVE_TOLERANCE), c.getMicros(Options.ADAPTIVE_INTERVAL) / 1000,
        c.getInt(Options.ADAPTIVE_BUCKETS), c.getInt(Options.ADAPTIVE_CALC_BUCKETS),
        c.getMicros(Options.ADAPTIVE_DELAY) / 1000, c.getDouble(Options.ADAPTIVE_INITIAL),
        c.getDouble(Options.ADAPTIVE_MIN_PROBABILITY), c.getDouble(Options.ADAPTIVE_MIN_SPS),
        c.getDouble(Options.ADAPTIVE_INCREASE_CAP), c.getMicros(Options.ADAPTIVE_LEADER_LEASE) / 1000,
        c.getMicros(Options.ADAPTIVE_FOLLOWER_LEASE) / 1000, bool(c, Options.ADAPTIVE_UNTAGGED));
    check(s.targetSamplesPerSecond > 0, Options.ADAPTIVE_TARGET, "must be above 0");
    check(s.deltaTolerance >= 0, Options.ADAPTIVE_TOLERANCE, "must be 0 or more");
    check(s.calculationIntervalMs > 0, Options.ADAPTIVE_INTERVAL, "must be above 0"); // Jaeger's errNonZero
    check(s.aggregationBuckets > 0, Options.ADAPTIVE_BUCKETS, "must be above 0");
    check(s.calculationBuckets >= 1, Options.ADAPTIVE_CALC_BUCKETS, "cannot be less than 1");
    check(s.delayMs >= 0, Options.ADAPTIVE_DELAY, "must be 0 or more");
    check(s.initialProbability > 0 && s.initialProbability <= 1, Options.ADAPTIVE_INITIAL, "must be in (0, 1]");
    check(s.minProbability > 0 && s.minProbability <= 1, Options.ADAPTIVE_MIN_PROBABILITY, "must be in (0, 1]");
    check(s.minSamplesPerSecond >= 0, Options.ADAPTIVE_MIN_SPS, "must be 0 or more");
    check(s.increaseCap > 0, Options.ADAPTIVE_INCREASE_CAP, "must be above 0");
    check(s.leaderLeaseRefreshMs > 0, Options.ADAPTIVE_LEADER_LEASE, "must be above 0");
    check(s.followerLeaseRefreshMs >= s.leaderLeaseRefreshMs, Options.ADAPTIVE_FOLLOWER_LEASE,
        "must be at least " + Options.ADAPTIVE_LEADER_LEASE.name() + " (the lease would lapse between renewals)");
    return s;
  }

  private static boolean bool(WeftConfig c, Option o) {
    String v = c.get(o).trim();
    if (!v.equals("true") && !v.equals("false")) {
      throw new ConfigException(o.name() + " must be true or false, got '" + v + "'");
    }
    return v.equals("true");
  }

  private static void check(boolean ok, Option o, String why) {
    if (!ok) {
      throw new ConfigException(o.name() + " " + why);
    }
  }
}
