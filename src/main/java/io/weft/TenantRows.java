package io.weft;

import io.vertx.core.Future;
import io.weft.collector.SpanProcessor;
import io.weft.metrics.WeftMetrics;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenancySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rows of the {@link Wiring} table: the node's own (the implicit tenant's) and, under tenancy, each
 * tenant's, made on the tenant's first request. Each row counts span metrics of its own; these are
 * tapped, flushed and closed here for all rows at once.
 */
final class TenantRows {
  private final TenancySettings tenancy;
  /** The implicit tenant's parts: the node's own, as without tenancy (its span metrics meet the cluster). */
  private final TenantParts node;
  private final PerTenant<TenantParts> parts;

  /** Without tenancy {@code node} is every tenant's row; under tenancy {@code tenantRow} makes each tenant's. */
  TenantRows(TenancySettings tenancy, WeftMetrics metrics, TenantParts node,
      Function<String, TenantParts> tenantRow) {
    this.tenancy = tenancy;
    this.node = node;
    this.parts = !tenancy.enabled() ? PerTenant.same(node) : new PerTenant<>(tenantRow);
    if (tenancy.enabled() && node.spanMetrics().enabled()) {
      // traces_span_metrics_* and traces_service_graph_* of every tenant, labelled tenant (admin port's /metrics)
      metrics.addText(out -> SpanMetricsParts.prometheus(out, parts.made().entrySet().stream().collect(
          Collectors.toMap(Map.Entry::getKey, e -> e.getValue().spanMetrics()))));
    }
    // Listed tenants' parts are made here, outside any verticle: their live-span consumers and span-metrics
    // timers then belong to no role that may be undeployed. (A tenant of an open list gets its parts on its
    // first request.)
    tenancy.allowed().forEach(parts::of);
  }

  TenantParts node() {
    return node;
  }

  /** A tenant's row, made on first use. */
  TenantParts of(String tenant) {
    return parts.of(tenant);
  }

  PerTenant<TenantParts> perTenant() {
    return parts;
  }

  /** The tenants whose rows were made, sorted (health). */
  List<String> made() {
    return parts.made().keySet().stream().sorted().toList();
  }

  /** Span metrics count what collectors accept, per tenant, through the processor's tap. */
  SpanProcessor.AcceptedSpans spanMetricsTap() {
    if (!node.spanMetrics().enabled()) {
      return SpanProcessor.AcceptedSpans.NONE;
    }
    PerTenant<SpanProcessor.AcceptedSpans> taps = new PerTenant<>(t -> parts.of(t).spanMetrics().tap());
    tenancy.allowed().forEach(taps::of);
    return (t, spans) -> taps.of(t).accepted(t, spans);
  }

  /** Flushes what this node counted, for every tenant. Never fails. */
  Future<Void> flushSpanMetrics() {
    return Future.join(allSpanMetrics().stream().map(SpanMetricsParts::flushNow).toList()).otherwiseEmpty().mapEmpty();
  }

  Future<Void> closeSpanMetrics() {
    return Future.join(allSpanMetrics().stream().map(SpanMetricsParts::close).toList()).mapEmpty();
  }

  /** The node's span metrics and, under tenancy, every tenant's made so far. */
  private List<SpanMetricsParts> allSpanMetrics() {
    List<SpanMetricsParts> all = new ArrayList<>(List.of(node.spanMetrics()));
    if (tenancy.enabled()) {
      parts.made().values().forEach(p -> all.add(p.spanMetrics()));
    }
    return all;
  }
}
