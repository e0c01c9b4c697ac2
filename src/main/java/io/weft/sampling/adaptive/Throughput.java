package io.weft.sampling.adaptive;

import java.util.Set;
import java.util.TreeSet;

/**
 * Root spans of one service and operation counted by one collector over one interval (Jaeger's
 * {@code model.Throughput}): {@code count} is the probabilistically sampled ones; {@code probabilities}
 * the distinct sampling rates they carried, as 6-decimal text (at most {@link #MAX_PROBABILITIES}),
 * which tells the leader whether the service applies the rates it is given.
 */
public record Throughput(String service, String operation, long count, Set<String> probabilities) {
  /** As Jaeger's aggregator: no more distinct rates are remembered past this many. */
  public static final int MAX_PROBABILITIES = 10;

  public Throughput {
    probabilities = Set.copyOf(probabilities);
  }

  /** A sampling rate as the throughput records it (Jaeger's {@code TruncateFloat}: 6 decimals). */
  public static String rate(double probability) {
    return String.format(java.util.Locale.ROOT, "%.6f", probability);
  }

  /** This and {@code other} (same service and operation) added: counts summed, rate sets united. */
  public Throughput plus(Throughput other) {
    Set<String> p = new TreeSet<>(probabilities);
    p.addAll(other.probabilities);
    return new Throughput(service, operation, count + other.count, p);
  }
}
