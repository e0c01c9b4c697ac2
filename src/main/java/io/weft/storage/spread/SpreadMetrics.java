package io.weft.storage.spread;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.metrics.WeftMetrics;

/** The spread store's meters: forwarded writes and members that did not answer. */
public final class SpreadMetrics {
  private final MeterRegistry registry;

  public SpreadMetrics(WeftMetrics metrics) {
    this.registry = metrics.meterRegistry();
  }

  /** {@code weft_cluster_requests_failed_total{what}}: members that did not answer a query or a forwarded write. */
  public void requestFailed(String what) {
    Counter.builder("weft_cluster_requests_failed").description("requests to another member that failed or timed out")
        .tag("what", what).register(registry).increment();
  }

  /** {@code weft_spans_forwarded_total}: spans written to the member that owns their trace. */
  public void forwarded(int n) {
    Counter.builder("weft_spans_forwarded").description("spans sent to the member owning their trace (memory storage)")
        .register(registry).increment(n);
  }
}
