package io.weft.spanmetrics;

/**
 * A Prometheus histogram kept since the node started: counts per explicit bucket (non-cumulative
 * here, summed when written), their sum and count. Weighted, so counts are doubles. Guarded by its owner.
 */
final class CumulativeHistogram {
  /** The OTel spanmetrics connector's default buckets, in milliseconds. */
  static final double[] SPANMETRICS_MS = {2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000};
  /** Tempo's service-graph default buckets, in seconds. */
  static final double[] SERVICE_GRAPH_S = {0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8};

  final double[] bounds;
  final double[] counts;
  double sum;
  double count;

  CumulativeHistogram(double[] bounds) {
    this.bounds = bounds;
    this.counts = new double[bounds.length + 1];
  }

  void add(double value, double weight) {
    int i = 0;
    while (i < bounds.length && value > bounds[i]) {
      i++;
    }
    counts[i] += weight;
    sum += value * weight;
    count += weight;
  }
}
