package io.weft.sampling;

import java.util.List;

/**
 * What a service's SDK is told to do, in the shape of Jaeger's {@code SamplingStrategyResponse}: a
 * probabilistic rate or a traces-per-second limit, optionally with per-operation rates (which SDKs
 * apply instead, falling back to {@link Operations#defaultProbability} for unlisted operations).
 */
public record SamplingStrategy(Type type, double probability, int maxTracesPerSecond, Operations operations) {

  public enum Type { PROBABILISTIC, RATE_LIMITING }

  public static SamplingStrategy probabilistic(double probability) {
    return new SamplingStrategy(Type.PROBABILISTIC, probability, 0, null);
  }

  public static SamplingStrategy rateLimiting(int maxTracesPerSecond) {
    return new SamplingStrategy(Type.RATE_LIMITING, 0, maxTracesPerSecond, null);
  }

  public SamplingStrategy withOperations(Operations ops) {
    return new SamplingStrategy(type, probability, maxTracesPerSecond, ops);
  }

  /** Jaeger's {@code PerOperationSamplingStrategies}. */
  public record Operations(double defaultProbability, double defaultLowerBoundTracesPerSecond,
      double defaultUpperBoundTracesPerSecond, List<Operation> perOperation) {
    public Operations {
      perOperation = List.copyOf(perOperation);
    }

    public Operations withDefaultProbability(double p) {
      return new Operations(p, defaultLowerBoundTracesPerSecond, defaultUpperBoundTracesPerSecond, perOperation);
    }

    public Operations withPerOperation(List<Operation> ops) {
      return new Operations(defaultProbability, defaultLowerBoundTracesPerSecond, defaultUpperBoundTracesPerSecond, ops);
    }
  }

  /** One operation's probabilistic rate (Jaeger has no per-operation rate limiting). */
  public record Operation(String operation, double probability) {}
}
