package io.weft.storage.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanWriter;
import io.weft.wire.EncodedTrace;
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
      admit(spans, kept);
    }
    if (kept.size() < spans.size()) {
      dropped.increment(spans.size() - kept.size());
    }
    return kept.isEmpty() ? Future.succeededFuture() : delegate.write(kept);
  }

  /** A trace kept whole passes on with its message; one cut short goes on as spans. */
  @Override
  public Future<Void> writeEncoded(List<EncodedTrace> traces) {
    List<EncodedTrace> whole = new ArrayList<>(traces.size());
    List<Span> cut = new ArrayList<>(0);
    int offered = 0;
    int kept = 0;
    synchronized (counts) {
      for (EncodedTrace t : traces) {
        offered += t.spans().size();
        int before = cut.size();
        int n = admit(t.spans(), cut);
        kept += n;
        if (n == t.spans().size()) {
          cut.subList(before, cut.size()).clear();
          whole.add(t);
        }
      }
    }
    if (kept < offered) {
      dropped.increment(offered - kept);
    }
    Future<Void> a = whole.isEmpty() ? Future.succeededFuture() : delegate.writeEncoded(whole);
    return cut.isEmpty() ? a : Future.all(a, delegate.write(cut)).mapEmpty();
  }

  /** Adds to {@code kept} the spans within their trace's limit; returns how many. Hold the lock. */
  private int admit(List<Span> spans, List<Span> kept) {
    int n = 0;
    for (Span s : spans) {
      int seen = counts.merge(s.traceId(), 1, Integer::sum);
      if (seen <= maxSpans) {
        kept.add(s);
        n++;
      } else {
        counts.put(s.traceId(), maxSpans + 1); // stays at the limit: never wraps
      }
    }
    return n;
  }

  /** Nothing is stored, so nothing to limit: passed on. */
  @Override
  public Future<Void> writeLinksOnly(List<Span> spans) {
    return delegate.writeLinksOnly(spans);
  }
}
