package io.weft.sampling.adaptive;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's output: per service and operation, the probability to serve and the observed rate of
 * sampled root spans (the weighted samples per second it was computed from). Immutable.
 */
public record Probabilities(Map<String, Map<String, Entry>> services) {
  /** One operation's probability and observed samples per second. */
  public record Entry(double probability, double qps) {}

  public static final Probabilities NONE = new Probabilities(Map.of());

  public Probabilities {
    Map<String, Map<String, Entry>> copy = new TreeMap<>();
    services.forEach((svc, ops) -> copy.put(svc, Collections.unmodifiableMap(new TreeMap<>(ops))));
    services = Collections.unmodifiableMap(copy);
  }

  /** The operation's entry, or null. */
  public Entry get(String service, String operation) {
    Map<String, Entry> ops = services.get(service);
    return ops == null ? null : ops.get(operation);
  }

  public boolean isEmpty() {
    return services.isEmpty();
  }

  /** Operations over every service. */
  public int operations() {
    return services.values().stream().mapToInt(Map::size).sum();
  }
}
