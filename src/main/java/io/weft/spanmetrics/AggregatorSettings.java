package io.weft.spanmetrics;

/**
 * How a node aggregates: the bucket width ({@code stepMs}), the series it admits (in all, and
 * operations per service: past either, spans count in an overflow series), how long an idle series
 * stays, and the service-graph pairing bounds (Tempo's defaults: 10 s, 10,000 halves).
 */
public record AggregatorSettings(long stepMs, int maxSeries, int maxOperationsPerService, long idleExpiryMs,
    int maxPendingEdges, long edgeWaitMs) {

  public AggregatorSettings {
    if (stepMs < 1000) {
      throw new IllegalArgumentException("span-metrics step must be at least 1s");
    }
    if (maxSeries < 1 || maxOperationsPerService < 1) {
      throw new IllegalArgumentException("span-metrics series limits must be at least 1");
    }
  }

  public static AggregatorSettings of(long stepMs, int maxSeries, int maxOperationsPerService) {
    return new AggregatorSettings(stepMs, maxSeries, maxOperationsPerService, 3_600_000, 10_000, 10_000);
  }
}
