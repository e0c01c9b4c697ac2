package io.weft.spanmetrics.flush;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.weft.metrics.WeftMetrics;
import io.weft.spanmetrics.SpanAggregator;
import java.util.function.DoubleSupplier;

/**
 * Weft's own meters of span metrics: what was counted, flushed, dropped, and folded into overflow series.
 * Under tenancy each tenant's aggregator has its own, labelled {@code tenant}.
 */
public final class FlushMeters {
  private final MeterRegistry r;
  private final Counter flushes;
  private final Counter flushedCalls;
  private final Counter failedFlushes;
  private final Counter droppedCalls;

  private final Tags tags;

  public FlushMeters(WeftMetrics metrics, SpanAggregator a) {
    this(metrics, a, null);
  }

  /** {@code tenant}: the tenant whose aggregator this is (its meters labelled with it), null without tenancy. */
  public FlushMeters(WeftMetrics metrics, SpanAggregator a, String tenant) {
    r = metrics.meterRegistry();
    tags = tenant == null ? Tags.empty() : Tags.of("tenant", tenant);
    flushes = Counter.builder("weft_span_metrics_flushes").tags(tags).description("span-metrics flushes the sink took")
        .register(r);
    flushedCalls = Counter.builder("weft_span_metrics_flushed_calls").tags(tags)
        .description("calls (weighted) in flushes the sink took").register(r);
    failedFlushes = Counter.builder("weft_span_metrics_flush_failures").tags(tags)
        .description("flush attempts the sink refused (kept and tried again)").register(r);
    droppedCalls = Counter.builder("weft_span_metrics_dropped_calls").tags(tags)
        .description("calls (weighted) in flushes dropped after the sink refused them too long").register(r);
    gauge("weft_span_metrics_spans", a::spansRecorded, "spans counted by span metrics");
    gauge("weft_span_metrics_series", a::seriesCount, "active span-metrics series");
    gauge("weft_span_metrics_edges", a::edgeCount, "active service-graph edges");
    String overflow = "spans counted in an overflow series (operations: their service reached span-metrics.max-operations-per-service; "
        + "series: the node, or under tenancy the tenant, reached span-metrics.max-series or its tenancy.max-metric-series)";
    Gauge.builder("weft_span_metrics_overflow_spans", a::overflowOperations).tags(tags).tag("reason", "operations")
        .description(overflow).register(r);
    Gauge.builder("weft_span_metrics_overflow_spans", a::overflowSeries).tags(tags).tag("reason", "series")
        .description(overflow).register(r);
    gauge("weft_service_graph_overflow_edges", a::overflowEdges,
        "edge requests counted in the overflow edge (the series limit's count of edges reached)");
    gauge("weft_service_graph_unpaired_spans", a::unpairedHalves,
        "client or server spans whose partner did not come within the wait");
    gauge("weft_service_graph_dropped_spans", a::droppedHalves, "spans pushed out of the full service-graph pairing store");
  }

  private void gauge(String name, java.util.function.Supplier<Number> value, String help) {
    Gauge.builder(name, value).tags(tags).description(help).register(r);
  }

  void bindQueue(DoubleSupplier unflushed) {
    Gauge.builder("weft_span_metrics_unflushed_calls", unflushed::getAsDouble).tags(tags)
        .description("calls (weighted) counted here and not yet flushed: what this node loses if it dies now")
        .register(r);
  }

  void flushed(double calls) {
    flushes.increment();
    flushedCalls.increment(calls);
  }

  void failed() {
    failedFlushes.increment();
  }

  void dropped(double calls) {
    droppedCalls.increment(calls);
  }
}
