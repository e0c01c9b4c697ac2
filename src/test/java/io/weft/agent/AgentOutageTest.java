package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.thriftjava.Batch;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Collectors go away while spans keep flowing into the agent, then come back: every span that fit in
 * the agent's (deliberately small) buffer is then queryable, the oldest were the ones dropped, and
 * {@code weft_spans_dropped_total{reason="agent-buffer-full"}} says exactly how many. The outage lasts
 * {@code -Dweft.test.outage-ms} (default 2000; the scenario is 20000). Two ways: the collector
 * verticles of an all-in-one node undeployed and redeployed (event bus: no handler), and a collector
 * node an agent-only node forwards to over OTLP gRPC stopped and started again on the same port.
 */
class AgentOutageTest {
  static final long OUTAGE_MS = Long.getLong("weft.test.outage-ms", 2000);
  static final int DATAGRAMS = 50;
  static final int SPANS_PER_DATAGRAM = 10;
  static final int BUFFER_SPANS = 200;
  static final Map<String, String> SMALL_BUFFER = Map.of("agent.buffer.max-spans", "" + BUFFER_SPANS,
      "agent.batch.max-spans", "20", "agent.retry.max-backoff", "300ms");

  @Test
  void collectorVerticlesUndeployedAndBack() throws Exception {
    try (TestNode node = TestNode.start(SMALL_BUFFER)) {
      warmUp(node, node, 0xA0000000L);
      Wait.await(node.node.stopCollector());
      List<Long> traces = sendSteadily(node.agentCompact, 0xA1000000L, "outage-bus");
      assertEquals(SPANS_PER_DATAGRAM, node.metric("weft_stored_spans"), "nothing stored while the collector is away");
      Wait.await(node.node.startCollector());
      checkBooks(node, node, traces, SPANS_PER_DATAGRAM);
    }
  }

  @Test
  void collectorNodeStoppedAndRestartedOnTheSamePort() throws Exception {
    TestNode collector = TestNode.start(Map.of("roles", "collector,query"));
    int grpcPort = collector.otlpGrpc;
    Map<String, String> agentFlags = new java.util.HashMap<>(SMALL_BUFFER);
    agentFlags.putAll(Map.of("roles", "agent", "agent.collector.host", "127.0.0.1:" + grpcPort));
    try (TestNode agent = TestNode.start(agentFlags)) {
      warmUp(agent, collector, 0xB0000000L);
      collector.close();
      List<Long> traces = sendSteadily(agent.agentCompact, 0xB1000000L, "outage-otlp");
      collector = TestNode.start(Map.of("roles", "collector,query", "collector.otlp.grpc.port", "" + grpcPort));
      checkBooks(agent, collector, traces, 0);
    } finally {
      collector.close();
    }
  }

  /** One datagram through the working path first, so the outage breaks an established connection. */
  static void warmUp(TestNode agent, TestNode store, long trace) throws Exception {
    send(agent.agentCompact, trace, "warm-up");
    Wait.forValue("warm-up trace", 20, () -> store.traceWith(Long.toHexString(trace), SPANS_PER_DATAGRAM));
  }

  /** Once the agent has drained: kept == sent - counted drops, and the kept ones are the newest. */
  static void checkBooks(TestNode agent, TestNode store, List<Long> traces, int storedBefore) throws Exception {
    Wait.until("agent buffer drained", 20, () -> {
      try {
        return agent.metric("weft_agent_buffer_spans") == 0 && agent.metric("weft_agent_batches_in_flight") == 0
            && store.metric("weft_stored_spans") + agent.metric("weft_spans_dropped_total{reason=\"agent-buffer-full\"}")
                - storedBefore == traces.size() * SPANS_PER_DATAGRAM;
      } catch (Exception e) {
        return false;
      }
    });
    double dropped = agent.metric("weft_spans_dropped_total{reason=\"agent-buffer-full\"}");
    int sent = traces.size() * SPANS_PER_DATAGRAM;
    assertTrue(dropped > 0 && dropped <= sent - SPANS_PER_DATAGRAM, "the small buffer overflowed: " + dropped);
    assertTrue(sent - dropped <= BUFFER_SPANS, "no more kept than the buffer holds: " + (sent - dropped));
    assertTrue(agent.metric("weft_agent_batches_total{outcome=\"retried\"}") > 0, "sends were retried");
    int kept = 0;
    for (int i = 0; i < traces.size(); i++) {
      if (store.traceWith(Long.toHexString(traces.get(i)), SPANS_PER_DATAGRAM) != null) {
        kept++;
      } else {
        assertEquals(0, kept, "trace " + i + " lost after a newer one was kept: the oldest must go first");
      }
    }
    assertEquals(sent - dropped, kept * SPANS_PER_DATAGRAM, "every span the metrics call kept is queryable");
    assertNotNull(store.traceWith(Long.toHexString(traces.get(traces.size() - 1)), SPANS_PER_DATAGRAM));
    assertNull(store.traceWith(Long.toHexString(traces.get(0)), 1));
  }

  /** DATAGRAMS datagrams of SPANS_PER_DATAGRAM spans (one trace each), spread over the outage. */
  static List<Long> sendSteadily(int port, long traceBase, String service) throws Exception {
    List<Long> traces = new ArrayList<>();
    long pause = OUTAGE_MS / DATAGRAMS;
    for (int d = 0; d < DATAGRAMS; d++) {
      send(port, traceBase + d, service);
      traces.add(traceBase + d);
      Thread.sleep(pause);
    }
    return traces;
  }

  static void send(int port, long trace, String service) throws Exception {
    long now = System.currentTimeMillis() * 1000;
    List<io.jaegertracing.thriftjava.Span> spans = new ArrayList<>();
    for (int i = 0; i < SPANS_PER_DATAGRAM; i++) {
      spans.add(new io.jaegertracing.thriftjava.Span(trace, 0, i + 1, i == 0 ? 0 : 1, "op-" + i, 1, now - 5000, 100));
    }
    byte[] d = AgentUdpIngestTest.emitBatch(new Batch(new io.jaegertracing.thriftjava.Process(service), spans), true);
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), port));
    }
  }
}
