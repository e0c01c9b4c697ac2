package io.weft.storage.cold;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.storage.SpanWriter;
import io.weft.wire.EncodedTrace;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Counts spans stored after the handoff has passed their start ({@code weft_cold_late_spans_total}): the
 * handoff goes by trace start and never looks back, so such a span stays in the hot store only, read with
 * its trace until the hot store's TTL drops it. A growing count means {@code cold.after} is too short for
 * how late spans arrive.
 */
final class LateSpanCounter implements SpanWriter {
  private final SpanWriter inner;
  private final LongSupplier horizon;
  private final Counter late;

  LateSpanCounter(SpanWriter inner, LongSupplier horizon, WeftMetrics metrics) {
    this.inner = inner;
    this.horizon = horizon;
    this.late = Counter.builder("weft_cold_late_spans").description("spans stored after the cold handoff passed "
        + "their start: kept in the hot store only (raise cold.after if this grows)").register(metrics.meterRegistry());
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    return inner.write(spans).onSuccess(v -> count(spans));
  }

  @Override
  public Future<Void> writeEncoded(List<EncodedTrace> traces) {
    return inner.writeEncoded(traces).onSuccess(v -> traces.forEach(t -> count(t.spans())));
  }

  private void count(List<Span> spans) {
    long h = horizon.getAsLong();
    if (h != Long.MIN_VALUE) {
      long n = spans.stream().filter(s -> s.startTimeMicros() < h).count();
      if (n > 0) {
        late.increment(n);
      }
    }
  }

  /** To the hot store, which counts them (the handoff does not carry them into blocks: docs/sampling.md). */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    return inner.writeLinksOnly(spans);
  }
}
