package io.weft.spanmetrics.flush;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.metrics.WeftMetrics;
import io.weft.spanmetrics.SpanAggregator;
import java.util.function.DoubleSupplier;

/** Weft's own meters of span metrics: what was counted, flushed, dropped, and folded into overflow series. */
public final class FlushMeters {
  private final MeterRegistry r;
  private final Counter flushes;
  private final Counter flushedCalls;
  private final Counter failedFlushes;
  private final Counter droppedCalls;

  public FlushMeters(WeftMetrics metrics, SpanAggregator a) {
    r = metrics.meterRegistry();
    flushes = Counter.builder("weft_span_metrics_flushes").description("span-metrics flushes the sink took").register(r);
    flushedCalls = Counter.builder("weft_span_metrics_flushed_calls")
        .description("calls (weighted) in flushes the sink took").register(r);
    failedFlushes = Counter.builder("weft_span_metrics_flush_failures")
        .description("flush attempts the sink refused (kept and tried again)").register(r);
    droppedCalls = Counter.builder("weft_span_metrics_dropped_calls")
        .description("calls (weighted) in flushes dropped after the sink refused them too long").register(r);
    Gauge.builder("weft_span_metrics_spans", a::spansRecorded).description("spans counted by span metrics").register(r);
    Gauge.builder("weft_span_metrics_series", a::seriesCount).description("active span-metrics series").register(r);
    Gauge.builder("weft_span_metrics_edges", a::edgeCount).description("active service-graph edges").register(r);
    String overflow = "spans counted in an overflow series (operations: their service reached span-metrics.max-operations-per-service; "
        + "series: the node reached span-metrics.max-series)";
    Gauge.builder("weft_span_metrics_overflow_spans", a::overflowOperations).tag("reason", "operations")
        .description(overflow).register(r);
    Gauge.builder("weft_span_metrics_overflow_spans", a::overflowSeries).tag("reason", "series")
        .description(overflow).register(r);
    Gauge.builder("weft_service_graph_overflow_edges", a::overflowEdges)
        .description("edge requests counted in the overflow edge (span-metrics.max-series edges reached)").register(r);
    Gauge.builder("weft_service_graph_unpaired_spans", a::unpairedHalves)
        .description("client or server spans whose partner did not come within the wait").register(r);
    Gauge.builder("weft_service_graph_dropped_spans", a::droppedHalves)
        .description("spans pushed out of the full service-graph pairing store").register(r);
  }

  void bindQueue(DoubleSupplier unflushed) {
    Gauge.builder("weft_span_metrics_unflushed_calls", unflushed::getAsDouble)
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
