package io.weft.sampling.adaptive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.metrics.WeftMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Adaptive sampling in /metrics: the target, and per service and operation the observed samples per
 * second and the probability served (from the latest calculation, on every node running the engine);
 * whether this node leads; calculations and store failures.
 */
final class AdaptiveMetrics {
  private final MeterRegistry registry;
  private final Map<String, double[]> perOperation = new ConcurrentHashMap<>();
  final Counter calculations;
  final Counter storeFailures;
  final Counter leaderChanges;
  private final TenantKeys keys;

  AdaptiveMetrics(WeftMetrics metrics, AdaptiveSettings s, BooleanSupplier leader, ThroughputCounter counter,
      TenantKeys keys) {
    this.registry = metrics.meterRegistry();
    this.keys = keys;
    Gauge.builder("weft_sampling_adaptive_target_samples_per_second", () -> s.targetSamplesPerSecond())
        .description("adaptive sampling: sampled traces per second wanted for each operation").register(registry);
    Gauge.builder("weft_sampling_adaptive_leader", () -> leader.getAsBoolean() ? 1 : 0)
        .description("1 while this node holds the adaptive sampling lease and calculates").register(registry);
    Gauge.builder("weft_sampling_adaptive_root_spans", counter::roots)
        .description("root spans looked at by this node's throughput counter since it started").register(registry);
    calculations = Counter.builder("weft_sampling_adaptive_calculations").description(
        "probability calculations this node made as leader").register(registry);
    storeFailures = Counter.builder("weft_sampling_adaptive_store_failures").description(
        "sampling store reads or writes that failed (retried next interval)").register(registry);
    leaderChanges = Counter.builder("weft_sampling_adaptive_leadership_changes").description(
        "times this node became or stopped being the adaptive sampling leader").register(registry);
  }

  /** Publishes the latest calculation's observed rate and probability per operation. */
  void publish(Probabilities p) {
    p.services().forEach((svc, ops) -> ops.forEach((op, e) -> {
      double[] v = perOperation.computeIfAbsent(svc + "\u0000" + op, k -> {
        double[] nv = new double[2];
        // Under tenancy the tenant is a label of its own (svc is "tenant/service" there).
        io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("service", keys.service(svc),
            "operation", op);
        if (keys.perTenant()) {
          String tenant = keys.tenant(svc);
          tags = tags.and("tenant", tenant == null ? "" : tenant);
        }
        Gauge.builder("weft_sampling_adaptive_observed_samples_per_second", nv, a -> a[0])
            .description("adaptive sampling: sampled root spans per second of the operation (weighted over the "
                + "calculation buckets), to compare with the target")
            .tags(tags).register(registry);
        Gauge.builder("weft_sampling_adaptive_probability", nv, a -> a[1])
            .description("adaptive sampling: the probability served for the operation")
            .tags(tags).register(registry);
        return nv;
      });
      v[0] = e.qps();
      v[1] = e.probability();
    }));
  }
}
