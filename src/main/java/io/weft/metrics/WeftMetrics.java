package io.weft.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Weft's own meters, in the same Prometheus registry as Vert.x's. Every span that does not reach
 * storage is counted here under a reason, so loss is never silent.
 */
public final class WeftMetrics {
  private final PrometheusMeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  /** Families written by their owners, appended to the registry's scrape (span metrics). */
  private final java.util.List<java.util.function.Consumer<StringBuilder>> texts =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public WeftMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public WeftMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // The JVM's own health beside Weft's: heap, GC pauses, threads, CPU, uptime.
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Spans taken in by a receiver, before validation. */
  public void received(String receiver, String format, int n) {
    counter("weft_spans_received", "spans decoded by a receiver", "receiver", receiver, "format", format).increment(n);
  }

  /** Spans refused by validation, per reason. */
  public void rejected(String reason, int n) {
    counter("weft_spans_rejected", "spans refused by validation", "reason", reason).increment(n);
  }

  /** Spans not stored for a reason other than validation (queue full, write failure, eviction). */
  public void dropped(String reason, long n) {
    counter("weft_spans_dropped", "spans not stored, per reason", "reason", reason).increment(n);
  }

  /** Spans left out on purpose by post-sampling. */
  public void sampledOut(int n) {
    counter("weft_spans_sampled_out", "spans left out by the collector's post-sampling").increment(n);
  }

  public void written(int n) {
    counter("weft_spans_written", "spans acknowledged by storage").increment(n);
  }

  /** Requests refused whole: undecodable, too large, or the queue full. */
  public void requestRejected(String receiver, String reason) {
    counter("weft_requests_rejected", "requests refused whole", "receiver", receiver, "reason", reason).increment();
  }

  /** A storage statement sent again after a transient failure (timeout, node unavailable). */
  public void storageWriteRetry(String backend) {
    counter("weft_storage_write_retries", "storage statements retried after a transient failure",
        "backend", backend).increment();
  }

  /** A write (one batch of spans) that failed, after retries; the sender got a retryable error. */
  public void storageWriteFailure(String backend, String reason) {
    counter("weft_storage_write_failures", "span writes that failed after retries", "backend", backend,
        "reason", reason).increment();
  }

  public void gauge(String name, String help, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).description(help).register(registry);
  }

  /** Adds families its owner writes in Prometheus text format itself, after the registry's. */
  public void addText(java.util.function.Consumer<StringBuilder> writer) {
    texts.add(writer);
  }

  public String scrape() {
    if (texts.isEmpty()) {
      return registry.scrape();
    }
    StringBuilder sb = new StringBuilder(registry.scrape());
    for (java.util.function.Consumer<StringBuilder> t : texts) {
      t.accept(sb);
    }
    return sb.toString();
  }

  private Counter counter(String name, String help, String... tags) {
    String key = name + String.join("\u0000", tags);
    return counters.computeIfAbsent(key, k -> Counter.builder(name).description(help).tags(tags).register(registry));
  }

  public MeterRegistry meterRegistry() {
    return registry;
  }
}
