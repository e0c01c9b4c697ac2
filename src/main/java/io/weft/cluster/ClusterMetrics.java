package io.weft.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.metrics.WeftMetrics;
import io.weft.role.Role;
import java.util.function.Supplier;

/** The cluster's meters, in the node's registry beside the others. */
public final class ClusterMetrics {
  private final MeterRegistry registry;

  public ClusterMetrics(WeftMetrics metrics) {
    this.registry = metrics.meterRegistry();
  }

  /** {@code weft_role_running{role}}: 1 while this node runs the role. */
  void roleGauge(Role role, Supplier<Number> value) {
    Gauge.builder("weft_role_running", value).description("1 while this node runs the role").tag("role", role.id())
        .register(registry);
  }

  void membersGauge(Supplier<Number> value) {
    Gauge.builder("weft_cluster_members", value).description("Weft members this node sees").register(registry);
  }

  /** {@code weft_role_changes_total{role,action}}: roles started and stopped on this node. */
  void roleChange(Role role, String action) {
    Counter.builder("weft_role_changes").description("roles started (action=start) and stopped on this node")
        .tag("role", role.id()).tag("action", action).register(registry).increment();
  }
}
