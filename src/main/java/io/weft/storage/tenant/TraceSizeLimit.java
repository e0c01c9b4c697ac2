package io.weft.storage.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's largest trace ({@code max-spans-per-trace}): the spans of a trace past the limit are dropped
 * and counted ({@code weft_tenant_spans_dropped_total{reason="trace-too-large"}}); the others of the batch
 * are written. A store layer: with Kafka every span of a trace reaches one ingester (the record key is
 * the trace id), so the count is the trace's. It counts the traces of the last {@link #TRACKED} seen.
 */
public final class TraceSizeLimit implements SpanWriter {
  static final int TRACKED = 100_000;

  private final SpanWriter delegate;
  private final int maxSpans;
  private final Counter dropped;
  private final Map<TraceId, Integer> counts = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<TraceId, Integer> eldest) {
      return size() > TRACKED;
    }
  };

  public TraceSizeLimit(SpanWriter delegate, int maxSpans, String tenant, MeterRegistry registry) {
    this.delegate = delegate;
    this.maxSpans = maxSpans;
    this.dropped = Counter.builder("weft_tenant_spans_dropped").description("spans dropped for a tenant's limits")
        .tag("tenant", tenant).tag("reason", "trace-too-large").register(registry);
  }

  @Override
  public Future<Void> write(List<Span> spans) {
    List<Span> kept = new ArrayList<>(spans.size());
    synchronized (counts) {
      for (Span s : spans) {
        int n = counts.merge(s.traceId(), 1, Integer::sum);
        if (n <= maxSpans) {
          kept.add(s);
        } else {
          counts.put(s.traceId(), maxSpans + 1); // stays at the limit: never wraps
        }
      }
    }
    if (kept.size() < spans.size()) {
      dropped.increment(spans.size() - kept.size());
    }
    return kept.isEmpty() ? Future.succeededFuture() : delegate.write(kept);
  }

  /** Nothing is stored, so nothing to limit: passed on. */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    return delegate.writeLinksOnly(spans);
  }
}
