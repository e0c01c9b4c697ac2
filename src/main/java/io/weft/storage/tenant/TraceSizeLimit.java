package io.weft.storage.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.RetriedWrite;
import io.weft.storage.SpanWriter;
import io.weft.wire.EncodedTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's largest trace ({@code max-spans-per-trace}): the spans of a trace past the limit are dropped
 * and counted ({@code weft_tenant_spans_dropped_total{reason="trace-too-large"}}); the others of the batch
 * are written. A store layer: with Kafka every span of a trace reaches one ingester (the record key is
 * the trace id), so the count is the trace's. It counts the traces of the last {@link #TRACKED} seen.
 * A write the ingester sends again after a failure ({@link RetriedWrite}) is decided as its first
 * attempt was: its spans are not counted twice, so a retry neither drops spans the first attempt kept
 * nor counts the drops again.
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
    Decisions decisions = Decisions.current(this);
    synchronized (counts) {
      admit(spans, kept, decisions);
    }
    if (kept.size() < spans.size() && (decisions == null || decisions.first())) {
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
    Decisions decisions = Decisions.current(this);
    synchronized (counts) {
      for (EncodedTrace t : traces) {
        offered += t.spans().size();
        int before = cut.size();
        int n = admit(t.spans(), cut, decisions);
        kept += n;
        if (n == t.spans().size()) {
          cut.subList(before, cut.size()).clear();
          whole.add(t);
        }
      }
    }
    if (kept < offered && (decisions == null || decisions.first())) {
      dropped.increment(offered - kept);
    }
    Future<Void> a = whole.isEmpty() ? Future.succeededFuture() : delegate.writeEncoded(whole);
    return cut.isEmpty() ? a : Future.all(a, delegate.write(cut)).mapEmpty();
  }

  /**
   * Adds to {@code kept} the spans within their trace's limit; returns how many. In a retry of a write
   * ({@code decisions} past its first attempt) the first attempt's choice is repeated, counting nothing.
   * Hold the lock.
   */
  private int admit(List<Span> spans, List<Span> kept, Decisions decisions) {
    if (decisions != null && !decisions.first()) {
      return decisions.repeat(spans, kept);
    }
    int n = 0;
    for (Span s : spans) {
      int seen = counts.merge(s.traceId(), 1, Integer::sum);
      if (seen <= maxSpans) {
        kept.add(s);
        n++;
        if (decisions != null) {
          decisions.kept(s.traceId());
        }
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

  /**
   * Per trace, how many of a retried write's spans its first attempt kept; a retry sends the same spans
   * in the same order, so keeping that many of each trace again keeps the same spans.
   */
  private static final class Decisions {
    private final Map<TraceId, Integer> keptFirst = new HashMap<>();
    private Map<TraceId, Integer> left;
    private int attempt;

    /** This write's decisions if it is one the ingester retries, ready for the attempt running now. */
    static Decisions current(TraceSizeLimit owner) {
      RetriedWrite w = RetriedWrite.current();
      if (w == null) {
        return null;
      }
      Decisions d = w.kept(owner, Decisions::new);
      synchronized (d) {
        if (d.attempt != w.attemptNumber()) {
          d.attempt = w.attemptNumber();
          d.left = new HashMap<>(d.keptFirst);
        }
      }
      return d;
    }

    boolean first() {
      return attempt == 1;
    }

    void kept(TraceId trace) {
      keptFirst.merge(trace, 1, Integer::sum);
    }

    int repeat(List<Span> spans, List<Span> kept) {
      int n = 0;
      for (Span s : spans) {
        Integer left = this.left.get(s.traceId());
        if (left != null && left > 0) {
          this.left.put(s.traceId(), left - 1);
          kept.add(s);
          n++;
        }
      }
      return n;
    }
  }
}
