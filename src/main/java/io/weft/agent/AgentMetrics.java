package io.weft.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weft.metrics.WeftMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The agent's meters. What it loses is counted: undecodable datagrams per reason, datagrams the kernel
 * dropped on its sockets, and spans dropped from a full buffer ({@code weft_spans_dropped_total}).
 */
final class AgentMetrics {
  private final WeftMetrics metrics;
  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Counter forwarded;
  private final Counter accepted;
  private final Counter retried;
  private final Counter refused;

  AgentMetrics(WeftMetrics metrics) {
    this.metrics = metrics;
    this.registry = metrics.meterRegistry();
    forwarded = Counter.builder("weft_agent_spans_forwarded").description("spans a collector acknowledged")
        .register(registry);
    accepted = batches("accepted");
    retried = batches("retried");
    refused = batches("refused");
  }

  private Counter batches(String outcome) {
    return Counter.builder("weft_agent_batches").description("batches sent to a collector, per outcome")
        .tag("outcome", outcome).register(registry);
  }

  /** The counters of one UDP port: datagrams and spans taken in. */
  Counter datagramsReceived(int port) {
    return Counter.builder("weft_agent_datagrams_received").description("datagrams read from a UDP port")
        .tag("port", Integer.toString(port)).register(registry);
  }

  Counter spansReceived(int port) {
    return Counter.builder("weft_agent_spans_received").description("spans decoded from a UDP port's datagrams")
        .tag("port", Integer.toString(port)).register(registry);
  }

  /** Datagrams dropped before decoding finished, per reason (truncated, bad-message, not-emitBatch, too-large). */
  void datagramDropped(int port, String reason) {
    dropped.computeIfAbsent(port + "/" + reason, k -> Counter.builder("weft_agent_datagrams_dropped")
        .description("datagrams dropped undecoded, per port and reason")
        .tag("port", Integer.toString(port)).tag("reason", reason).register(registry)).increment();
  }

  /**
   * Datagrams the kernel dropped on the port's socket (its receive buffer was full), read at each
   * scrape. The registry holds {@code drops} weakly: the receiver keeps it alive.
   */
  void socketDrops(int port, UdpSocketDrops drops) {
    FunctionCounter.builder("weft_agent_udp_socket_drops", drops, d -> Math.max(0, d.read()))
        .description("datagrams the kernel dropped on the agent's socket because its receive buffer was full")
        .tag("port", Integer.toString(port)).register(registry);
  }

  void gauges(BatchBuffer buffer, Supplier<Number> inFlight) {
    metrics.gauge("weft_agent_buffer_spans", "spans waiting in the agent for a collector", buffer::spans);
    metrics.gauge("weft_agent_buffer_bytes", "encoded bytes waiting in the agent for a collector", buffer::bytes);
    metrics.gauge("weft_agent_batches_in_flight", "batches sent and not yet acknowledged", inFlight);
  }

  void accepted(int spans) {
    accepted.increment();
    forwarded.increment(spans);
  }

  void retried() {
    retried.increment();
  }

  /** A batch no collector will ever take (it could not be decoded): its spans are lost, and counted. */
  void refused(int spans) {
    refused.increment();
    metrics.dropped("agent-batch-refused", spans);
  }

  void bufferFull(long spans) {
    if (spans > 0) {
      metrics.dropped("agent-buffer-full", spans);
    }
  }

  void lost(String reason, long spans) {
    if (spans > 0) {
      metrics.dropped(reason, spans);
    }
  }
}
