package io.weft.sampling.tail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.weft.metrics.WeftMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tail sampling in /metrics, {@code weft_tail_sampling_*}. Under tenancy the counters of decisions
 * (policy decisions, traces, spans, late spans, early decisions, dropped traces' links) carry a
 * {@code tenant} label; without it they carry none, as before tenancy existed.
 */
public final class TailMetrics {
  private static final String LOST = "spans accepted but never stored, per reason: write-failed (storage refused a "
      + "kept trace past the retries), member-crashed (a crashed collector's buffer, counted by the oldest member)";
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer forward;
  private final boolean perTenant;

  public TailMetrics(WeftMetrics metrics) {
    this(metrics, false);
  }

  /** {@code perTenant}: the decision counters get a {@code tenant} label (tenancy is on). */
  public TailMetrics(WeftMetrics metrics, boolean perTenant) {
    this.perTenant = perTenant;
    this.registry = metrics.meterRegistry();
    this.forward = Timer.builder("weft_tail_sampling_forward").description("round trip of handing spans to the "
        + "collector owning their trace, over the event bus (until it buffered them)")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  /** One hand-over's round trip, in nanoseconds. */
  public void forwardTime(long nanos) {
    forward.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void gauges(Supplier<Number> traces, Supplier<Number> spans, Supplier<Number> bytes) {
    io.micrometer.core.instrument.Gauge.builder("weft_tail_sampling_buffered_traces", traces::get)
        .description("traces waiting for their tail-sampling decision here").register(registry);
    io.micrometer.core.instrument.Gauge.builder("weft_tail_sampling_buffered_spans", spans::get)
        .description("spans waiting for their trace's decision here: what a crash of this node would lose "
            + "without Kafka").register(registry);
    io.micrometer.core.instrument.Gauge.builder("weft_tail_sampling_buffered_bytes", bytes::get)
        .description("estimated heap of the spans waiting here (bounded by max_buffered_bytes)").register(registry);
  }

  /** A counter of one tenant's traces: with the tenant label under tenancy. */
  private Counter counterOf(String tenant, String name, String help, String... tags) {
    if (!perTenant) {
      return counter(name, help, tags);
    }
    String[] withTenant = java.util.Arrays.copyOf(tags, tags.length + 2);
    withTenant[tags.length] = "tenant";
    withTenant[tags.length + 1] = tenant;
    return counter(name, help, withTenant);
  }

  private Counter counter(String name, String help, String... tags) {
    String key = name + String.join("\u0000", tags);
    return counters.computeIfAbsent(key, k -> Counter.builder(name).description(help).tags(tags).register(registry));
  }

  /** What one policy said about one trace. */
  void policy(String tenant, String policy, Policy.Decision d) {
    counterOf(tenant, "weft_tail_sampling_policy_decisions", "what each tail-sampling policy said about each trace decided",
        "policy", policy, "decision", d.name().toLowerCase(java.util.Locale.ROOT)).increment();
  }

  /** A trace decided: kept or not, with its spans. */
  void decided(String tenant, boolean kept, int spans) {
    String d = kept ? "sampled" : "not_sampled";
    counterOf(tenant, "weft_tail_sampling_traces", "traces decided by tail sampling", "decision", d).increment();
    counterOf(tenant, "weft_tail_sampling_spans", "spans of traces decided by tail sampling (late ones too)", "decision", d)
        .increment(spans);
  }

  /** A trace decided before its wait was over: the buffer was full, or the node stops. */
  void early(String tenant, String reason) {
    counterOf(tenant, "weft_tail_sampling_early_decisions", "traces decided before decision_wait was over, per reason "
        + "(max-traces, max-bytes: the buffer was full; shutdown)", "reason", reason).increment();
  }

  /** Spans of a trace already decided, following the cached decision. */
  void late(String tenant, boolean kept, int spans) {
    String d = kept ? "sampled" : "not_sampled";
    counterOf(tenant, "weft_tail_sampling_late_spans", "spans arriving after their trace was decided, following the "
        + "cached decision", "decision", d).increment(spans);
    counterOf(tenant, "weft_tail_sampling_spans", "spans of traces decided by tail sampling (late ones too)", "decision", d)
        .increment(spans);
  }

  /** Spans sent to (or refused by) the member owning their trace. */
  public void forwarded(int spans) {
    counter("weft_tail_sampling_forwarded_spans", "spans handed to the collector owning their trace",
        "outcome", "ok").increment(spans);
  }

  public void forwardFailed(int spans) {
    counter("weft_tail_sampling_forwarded_spans", "spans handed to the collector owning their trace",
        "outcome", "failed-buffered-here").increment(spans);
  }

  /** Spans of buffered traces handed over to a new owner when the collectors changed. */
  public void handedOver(int spans) {
    counter("weft_tail_sampling_handed_over_spans", "buffered spans moved to their trace's new owner when the "
        + "collectors changed").increment(spans);
  }

  /** A failed write of a kept trace (retried) or one given up (counted as lost). */
  public void writeFailed(boolean givenUp, int spans) {
    counter("weft_tail_sampling_write_failures", "writes of kept traces that failed, per outcome",
        "outcome", givenUp ? "given-up" : "retried").increment();
    if (givenUp) {
      counter("weft_tail_sampling_lost_spans", LOST, "reason", "write-failed").increment(spans);
    }
  }

  /**
   * Dropped traces whose dependency links were recorded ({@code ok}), failed and retried, or given up
   * (the dependency graph misses those traces' calls).
   */
  public void linksWritten(String tenant, String outcome, int spans) {
    counterOf(tenant, "weft_tail_sampling_dropped_links_spans", "spans of dropped traces whose dependency links were handed "
        + "to storage (the dependency graph counts calls before tail sampling), per outcome: ok, retried, given-up",
        "outcome", outcome).increment(spans);
  }

  /** Spans a crashed member held in its buffer (counted by the oldest member that stays). */
  public void lostOnCrash(long spans) {
    counter("weft_tail_sampling_lost_spans", LOST, "reason", "member-crashed").increment(spans);
  }

  public void reload(boolean ok) {
    counter("weft_sampling_tail_policy_reloads", "policy file reloads", "outcome", ok ? "ok" : "failed").increment();
  }
}
