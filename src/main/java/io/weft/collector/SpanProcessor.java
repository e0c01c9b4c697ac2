package io.weft.collector;

import io.vertx.core.Future;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.storage.SpanWriter;
import io.weft.tenant.IngestLimits;
import io.weft.tenant.PerTenant;
import io.weft.tenant.TenancySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The collector's pipeline, shared by every receiver: validate, enrich, post-sample, then write;
 * once the write succeeded, every span accepted (post-sampled out or not) goes to the {@link AcceptedSpans}
 * tap (span metrics), so a span counts once, and not for a batch its sender will send again.
 * The queue is a bound on spans in flight to storage: when a batch would pass it the whole batch
 * is refused with {@link QueueFullException}, which receivers turn into a retryable error, so a
 * slow store pushes back on senders instead of filling the heap.
 *
 * <p>Every batch belongs to one tenant, decided by the receiver ({@link io.weft.tenant.TenantResolver}):
 * it is held to that tenant's ingest limits ({@link IngestLimits}) and written to that tenant's writer.
 */
public final class SpanProcessor {
  private final SpanValidator validator;
  private final PostSampler sampler;
  private final PerTenant<SpanWriter> writers;
  private final IngestLimits limits;
  private final WeftMetrics metrics;
  private final long capacity;
  private final AcceptedSpans tap;
  private final AtomicLong inFlight = new AtomicLong();

  /** What sees every span the collector accepted, before post-sampling, once the batch is stored. */
  public interface AcceptedSpans {
    AcceptedSpans NONE = (tenant, spans) -> { };

    void accepted(String tenant, List<Span> spans);
  }

  public SpanProcessor(SpanValidator validator, PostSampler sampler, SpanWriter writer, WeftMetrics metrics,
      long capacity) {
    this(validator, sampler, PerTenant.same(writer), null, metrics, capacity, AcceptedSpans.NONE);
  }

  /** {@code limits} null: no per-tenant limits. */
  public SpanProcessor(SpanValidator validator, PostSampler sampler, PerTenant<SpanWriter> writers, IngestLimits limits,
      WeftMetrics metrics, long capacity, AcceptedSpans tap) {
    this.tap = tap;
    this.validator = validator;
    this.sampler = sampler;
    this.writers = writers;
    this.limits = limits;
    this.metrics = metrics;
    this.capacity = capacity;
    metrics.gauge("weft_collector_queue_length", "spans in flight to storage", inFlight::get);
    metrics.gauge("weft_collector_queue_capacity", "spans the collector may hold in flight", () -> capacity);
  }

  /**
   * Processes one decoded batch; the future completes when every kept span is stored (the
   * sender may be acknowledged then) and says which spans were rejected and why.
   */
  public Future<Result> process(List<Span> spans, String receiver, String format, String peerIp) {
    return process(TenancySettings.IMPLICIT, 0, spans, receiver, format, peerIp);
  }

  /**
   * Processes one decoded batch of {@code tenant}, {@code bytes} long as received. Over the tenant's
   * ingest limit the whole batch is refused with {@link io.weft.tenant.RateLimitedException}.
   */
  public Future<Result> process(String tenant, long bytes, List<Span> spans, String receiver, String format,
      String peerIp) {
    metrics.received(receiver, format, spans.size());
    if (limits != null) {
      try {
        limits.admit(tenant, spans.size(), bytes);
      } catch (RuntimeException e) {
        metrics.requestRejected(receiver, "tenant-limit");
        return Future.failedFuture(e);
      }
    }
    long now = System.currentTimeMillis() * 1000;
    List<Span> kept = new ArrayList<>(spans.size());
    List<Span> valid = tap == AcceptedSpans.NONE ? null : new ArrayList<>(spans.size());
    List<SpanValidator.Rejection> rejections = new ArrayList<>();
    int sampledOut = 0;
    Tag formatTag = SpanEnricher.formatTag(format);
    for (Span s : spans) {
      SpanValidator.Rejection r = validator.validate(s, now);
      if (r != null) {
        rejections.add(r);
        metrics.rejected(r.reason(), 1);
      } else {
        if (valid != null) {
          valid.add(s);
        }
        if (!sampler.keep(s.traceId())) {
          sampledOut++;
        } else {
          kept.add(SpanEnricher.enrich(s, formatTag, peerIp));
        }
      }
    }
    if (sampledOut > 0) {
      metrics.sampledOut(sampledOut);
    }
    Result result = new Result(kept.size(), rejections);
    if (kept.isEmpty()) {
      if (valid != null && !valid.isEmpty()) {
        tap.accepted(tenant, valid);
      }
      return Future.succeededFuture(result);
    }
    int n = kept.size();
    if (inFlight.addAndGet(n) > capacity) {
      inFlight.addAndGet(-n);
      metrics.dropped("queue-full", n);
      metrics.requestRejected(receiver, "queue-full");
      return Future.failedFuture(new QueueFullException(capacity));
    }
    return writers.of(tenant).write(kept)
        .andThen(ar -> {
          inFlight.addAndGet(-n);
          if (ar.succeeded()) {
            metrics.written(n);
            if (valid != null) {
              tap.accepted(tenant, valid);
            }
          } else {
            metrics.dropped("write-failed", n);
          }
        })
        .map(v -> result);
  }

  /** What became of a batch: how many spans were stored, and the rejected ones with reasons. */
  public record Result(int accepted, List<SpanValidator.Rejection> rejections) {
    /** One line for the sender: the count and the first few reasons. */
    public String rejectionSummary() {
      if (rejections.isEmpty()) {
        return "";
      }
      StringBuilder sb = new StringBuilder().append(rejections.size()).append(" span(s) rejected: ");
      for (int i = 0; i < Math.min(5, rejections.size()); i++) {
        sb.append(i == 0 ? "" : "; ").append(rejections.get(i).message());
      }
      if (rejections.size() > 5) {
        sb.append("; ...");
      }
      return sb.toString();
    }
  }

  /** The in-flight bound is reached; the sender should retry later. */
  public static final class QueueFullException extends RuntimeException {
    public QueueFullException(long capacity) {
      super("collector queue is full (" + capacity + " spans in flight); retry later");
    }
  }
}
