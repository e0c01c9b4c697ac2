package io.weft.sampling.adaptive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.weft.config.WeftConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Jaeger's post-aggregator arithmetic (post_aggregator_test.go's cases, in Weft's terms). */
class PostAggregatorTest {
  /** Jaeger's defaults except a 1 s interval, so a count is a rate. */
  static AdaptiveSettings settings(Map<String, String> extra) {
    Map<String, String> m = new java.util.HashMap<>(Map.of("sampling.adaptive.enabled", "true",
        "sampling.adaptive.calculation-interval", "1s"));
    m.putAll(extra);
    return AdaptiveSettings.from(WeftConfig.defaults().with(m));
  }

  static Throughput t(String svc, String op, long count, double... probabilities) {
    Set<String> p = new java.util.HashSet<>();
    for (double d : probabilities) {
      p.add(Throughput.rate(d));
    }
    return new Throughput(svc, op, count, p);
  }

  @Test
  void defaultsAreJaegers() {
    AdaptiveSettings s = AdaptiveSettings.from(WeftConfig.defaults().with(Map.of("sampling.adaptive.enabled", "true")));
    assertEquals(new AdaptiveSettings(1, 0.3, 60_000, 10, 1, 120_000, 0.001, 1e-5, 1.0 / 60, 1.0, 5_000, 60_000, true),
        s);
    assertNull(AdaptiveSettings.from(WeftConfig.defaults()), "off by default");
  }

  @Test
  void weightsFavourRecentBuckets() {
    assertArrayEquals(new double[] {1.0}, PostAggregator.weights(1), 1e-12);
    assertArrayEquals(new double[] {16 / 17.0, 1 / 17.0}, PostAggregator.weights(2), 1e-12);
    assertArrayEquals(new double[] {81 / 98.0, 16 / 98.0, 1 / 98.0}, PostAggregator.weights(3), 1e-12);
    assertEquals(81 / 98.0 * 10 + 16 / 98.0 * 20 + 1 / 98.0 * 30, PostAggregator.weightedQps(List.of(10.0, 20.0, 30.0)),
        1e-12);
  }

  @Test
  void increasesAreCappedDecreasesAreNot() {
    assertEquals(0.15, PostAggregator.capped(1, 0.2, 0.1, 0.5), 1e-12, "400% wanted, 50% allowed");
    assertEquals(0.5, PostAggregator.capped(1, 0.8, 0.4, 0.5), 1e-12, "25% is within the cap");
    assertEquals(0.01, PostAggregator.capped(1, 10, 0.1, 0.5), 1e-12, "down at once");
  }

  @Test
  void aNewOperationStartsAtTheInitialProbabilityAndMovesTowardTheTarget() {
    PostAggregator p = new PostAggregator(settings(Map.of()));
    // 100 sampled traces a second at 0.001: 100x the target of 1.
    p.prependBucket(List.of(t("svc", "GET", 100, 0.001)), 1000, 1000);
    Probabilities r = p.calculate();
    assertEquals(0.001 / 100, r.get("svc", "GET").probability(), 1e-15);
    assertEquals(100, r.get("svc", "GET").qps(), 1e-12);
    // Next round at 0.00001 observed 0.1/s: a 10x increase wanted, capped at +100%.
    p.prependBucket(List.of(t("svc", "GET", 0, 0.00001)), 1000, 2000);
    assertEquals(2e-5, p.calculate().get("svc", "GET").probability(), 1e-15, "0 observed: doubled");
  }

  @Test
  void withinToleranceNothingChanges() {
    PostAggregator p = new PostAggregator(settings(Map.of()));
    p.prependBucket(List.of(t("svc", "GET", 1, 0.001)), 1000, 1000);
    assertEquals(0.001, p.calculate().get("svc", "GET").probability(), 1e-15);
    p.prependBucket(List.of(t("svc", "GET", 1, 0.001)), 1000, 2000);
    assertEquals(0.001, p.calculate().get("svc", "GET").probability(), 1e-15);
  }

  @Test
  void aServiceNotApplyingItsRatesIsLeftAlone() {
    PostAggregator p = new PostAggregator(settings(Map.of()));
    p.prependBucket(List.of(t("svc", "GET", 10, 0.001)), 1000, 1000);
    double first = p.calculate().get("svc", "GET").probability();
    assertEquals(0.0001, first, 1e-15);
    // The SDK still samples at 0.5 (its own setting): the calculated 0.0001 is not in the bucket.
    p.prependBucket(List.of(t("svc", "GET", 500, 0.5)), 1000, 2000);
    assertEquals(first, p.calculate().get("svc", "GET").probability(), 1e-15);
  }

  @Test
  void clampedBetweenTheMinimumAndOne() {
    PostAggregator p = new PostAggregator(settings(Map.of()));
    p.prependBucket(List.of(t("svc", "GET", 1_000_000, 0.001)), 1000, 1000);
    assertEquals(1e-5, p.calculate().get("svc", "GET").probability(), 1e-15);
    PostAggregator up = new PostAggregator(settings(Map.of("sampling.adaptive.initial-sampling-probability", "0.8")));
    up.prependBucket(List.of(t("svc", "GET", 0, 0.8)), 1000, 1000);
    assertEquals(1.0, up.calculate().get("svc", "GET").probability(), 1e-15);
  }

  @Test
  void severalBucketsAreWeighted() {
    PostAggregator p = new PostAggregator(settings(Map.of("sampling.adaptive.calculation-buckets", "2",
        "sampling.adaptive.target-samples-per-second", "10")));
    p.prependBucket(List.of(t("svc", "GET", 40, 0.001)), 1000, 1000);
    p.prependBucket(List.of(t("svc", "GET", 0, 0.001)), 1000, 2000);
    p.prependBucket(List.of(t("svc", "GET", 20, 0.001), t("svc", "GET", 20, 0.001)), 1000, 3000); // two collectors
    Probabilities r = p.calculate();
    assertEquals(16 / 17.0 * 40 + 1 / 17.0 * 0, r.get("svc", "GET").qps(), 1e-12, "newest two, merged per interval");
  }

  @Test
  void aNewLeaderContinuesFromTheStoredProbabilities() {
    PostAggregator p = new PostAggregator(settings(Map.of()));
    p.seed(new Probabilities(Map.of("svc", Map.of("GET", new Probabilities.Entry(0.02, 1)))));
    p.prependBucket(List.of(t("svc", "GET", 2, 0.02)), 1000, 1000);
    assertEquals(0.01, p.calculate().get("svc", "GET").probability(), 1e-15, "0.02 halved, not 0.001 halved");
  }

  @Test
  void csvRoundTrips() {
    List<Throughput> list = List.of(t("a,b", "say \"hi\"", 3, 0.5, 0.25), t("svc", "op", 0));
    List<Throughput> back = SamplingCsv.parseThroughput(SamplingCsv.throughput(list));
    assertEquals(Set.copyOf(list), Set.copyOf(back));
    Probabilities p = new Probabilities(Map.of("a,b", Map.of("x\ny", new Probabilities.Entry(0.125, 3.5))));
    assertEquals(p, SamplingCsv.parseProbabilities(SamplingCsv.probabilities(p)));
    assertEquals(List.of(), SamplingCsv.parseThroughput("bad,row\nsvc,op,notanumber,\n"), "rows that do not parse");
  }
}
