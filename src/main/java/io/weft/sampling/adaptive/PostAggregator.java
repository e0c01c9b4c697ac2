package io.weft.sampling.adaptive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Jaeger's post-aggregator ({@code adaptive/post_aggregator.go}), the calculation alone: throughput
 * buckets, newest first (at most {@code aggregation-buckets}), each the sum of every collector's
 * counts over one interval; per operation the samples per second of its newest
 * {@code calculation-buckets} buckets, averaged with weights i^4 (newest heaviest); then a new
 * probability where the observed rate is outside the tolerance of the target and the service seems
 * to apply the probabilities it is given. Pure logic: the caller ({@link AdaptiveEngine}) reads and
 * writes storage. Not thread-safe: one caller.
 */
public final class PostAggregator {
  /** Jaeger's {@code serviceCacheSize}: rounds of "was it using adaptive sampling" remembered. */
  static final int SERVICE_CACHE_SIZE = 25;

  private record Key(String service, String operation) {}

  private record CacheEntry(double probability, boolean usingAdaptive) {}

  /** One interval's throughput, merged over collectors. */
  record Bucket(Map<Key, Throughput> throughput, long intervalMs, long endMs) {}

  private final AdaptiveSettings s;
  private final Deque<Bucket> buckets = new ArrayDeque<>();
  private final Deque<Map<Key, CacheEntry>> serviceCache = new ArrayDeque<>();
  private Map<Key, Double> probabilities = new HashMap<>();

  public PostAggregator(AdaptiveSettings settings) {
    this.s = settings;
  }

  /** The newest interval's throughput (every collector's records for it), at the head. */
  public void prependBucket(List<Throughput> records, long intervalMs, long endMs) {
    buckets.addFirst(new Bucket(merge(records), intervalMs, endMs));
    while (buckets.size() > s.aggregationBuckets()) {
      buckets.removeLast();
    }
  }

  /** An older interval (initialisation walks back from the newest), at the tail while there is room. */
  public void appendBucket(List<Throughput> records, long intervalMs, long endMs) {
    if (buckets.size() < s.aggregationBuckets()) {
      buckets.addLast(new Bucket(merge(records), intervalMs, endMs));
    }
  }

  public int bucketCount() {
    return buckets.size();
  }

  /**
   * The probabilities the next calculation starts from. Jaeger's new leader starts from none (every
   * operation at the initial probability, a reset); Weft's starts from the last ones stored.
   */
  public void seed(Probabilities latest) {
    Map<Key, Double> p = new HashMap<>();
    latest.services().forEach((svc, ops) -> ops.forEach((op, e) -> p.put(new Key(svc, op), e.probability())));
    probabilities = p;
  }

  private static Map<Key, Throughput> merge(List<Throughput> records) {
    Map<Key, Throughput> out = new HashMap<>();
    for (Throughput t : records) {
      out.merge(new Key(t.service(), t.operation()), t, Throughput::plus);
    }
    return out;
  }

  /** Jaeger's {@code calculateProbabilitiesAndQPS}: one round; its result is also the next round's start. */
  public Probabilities calculate() {
    if (buckets.isEmpty()) {
      return current(Map.of());
    }
    serviceCache.addFirst(new HashMap<>());
    while (serviceCache.size() > SERVICE_CACHE_SIZE) {
      serviceCache.removeLast();
    }
    Map<Key, List<Double>> qpsBuckets = throughputToQps();
    Map<Key, Double> next = new HashMap<>();
    Map<Key, Double> qps = new HashMap<>();
    qpsBuckets.forEach((k, values) -> {
      double avg = weightedQps(values);
      qps.put(k, avg);
      next.put(k, probability(k, avg));
    });
    probabilities = next;
    return current(qps);
  }

  private Probabilities current(Map<Key, Double> qps) {
    Map<String, Map<String, Probabilities.Entry>> out = new HashMap<>();
    probabilities.forEach((k, p) -> out.computeIfAbsent(k.service, x -> new HashMap<>())
        .put(k.operation, new Probabilities.Entry(p, qps.getOrDefault(k, 0.0))));
    return new Probabilities(out);
  }

  /** Per operation, the samples per second of the newest buckets it appears in, newest first. */
  private Map<Key, List<Double>> throughputToQps() {
    Map<Key, List<Double>> out = new HashMap<>();
    for (Bucket b : buckets) {
      b.throughput.forEach((k, t) -> {
        List<Double> l = out.computeIfAbsent(k, x -> new ArrayList<>(s.calculationBuckets()));
        if (l.size() < s.calculationBuckets()) {
          l.add(t.count() / (b.intervalMs / 1000.0));
        }
      });
    }
    return out;
  }

  /** Weights { w(i) = i^4 }, normalized, the largest on the newest. */
  static double[] weights(int length) {
    double[] w = new double[length];
    double sum = 0;
    for (int i = 0; i < length; i++) {
      w[i] = Math.pow(length - i, 4);
      sum += w[i];
    }
    for (int i = 0; i < length; i++) {
      w[i] /= sum;
    }
    return w;
  }

  static double weightedQps(List<Double> newestFirst) {
    if (newestFirst.isEmpty()) {
      return 0;
    }
    double[] w = weights(newestFirst.size());
    double qps = 0;
    for (int i = 0; i < w.length; i++) {
      qps += newestFirst.get(i) * w[i];
    }
    return qps;
  }

  /** Jaeger's {@code PercentageIncreaseCappedCalculator}: decreases at once, increases capped. */
  static double capped(double targetQps, double curQps, double prev, double cap) {
    double factor = targetQps / curQps;
    double next = prev * factor;
    if (factor > 1.0 && (next - prev) / prev > cap) {
      next = prev + prev * cap;
    }
    return next;
  }

  private double probability(Key k, double qps) {
    double old = probabilities.getOrDefault(k, s.initialProbability());
    boolean adaptive = usingAdaptive(old, k);
    serviceCache.peekFirst().put(k, new CacheEntry(old, adaptive));
    if (withinTolerance(qps, s.targetSamplesPerSecond()) || !adaptive) {
      return old;
    }
    double next = equal(qps, 0)
        ? old * 2.0 // no sampled trace at all: double, so the service samples at least one
        : capped(s.targetSamplesPerSecond(), qps, old, s.increaseCap());
    return Math.min(1.0, Math.max(s.minProbability(), next));
  }

  private boolean withinTolerance(double actual, double expected) {
    return Math.abs(actual - expected) / expected < s.deltaTolerance();
  }

  /**
   * Whether the service applies what it is served: a new operation is assumed to; else the latest
   * bucket must show root spans sampled at this probability; an operation absent from it keeps
   * what the previous round found.
   */
  private boolean usingAdaptive(double probability, Key k) {
    if (equal(probability, s.initialProbability())) {
      return true;
    }
    Throughput latest = buckets.peekFirst().throughput.get(k);
    if (latest != null) {
      return latest.probabilities().contains(Throughput.rate(probability));
    }
    if (serviceCache.size() > 1) {
      Iterator<Map<Key, CacheEntry>> it = serviceCache.iterator();
      it.next();
      CacheEntry e = it.next().get(k);
      if (e != null) {
        return e.usingAdaptive && !equal(e.probability, s.initialProbability());
      }
    }
    return false;
  }

  private static boolean equal(double a, double b) {
    return Math.abs(a - b) < 1e-10;
  }
}
