package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A burst of 10,000 spans (1,000 datagrams of 10, sent as fast as one thread can) into an all-in-one
 * node: every span is either stored or counted as lost. The agent's counted loss is its own
 * ({@code weft_spans_dropped_total{reason="agent-buffer-full"}}, undecodable datagrams) plus what the
 * kernel dropped on the agent's socket when its receive buffer was full: the per-socket "drops" column
 * of /proc/net/udp, exported as {@code weft_agent_udp_socket_drops_total} (datagrams, so times 10
 * spans here). With a deliberately small socket buffer the kernel drops some, and the books must
 * still balance.
 */
class AgentBurstTest {
  static final int DATAGRAMS = 1000;
  static final int SPANS_PER_DATAGRAM = 10;

  @ParameterizedTest
  @ValueSource(ints = {4 * 1024 * 1024, 70_000})
  void everySpanIsStoredOrCounted(int socketBuffer) throws Exception {
    try (TestNode node = TestNode.start(Map.of("agent.udp.socket-buffer-size", "" + socketBuffer))) {
      int sent = burst(node.agentCompact, 0x5EED0000L + socketBuffer);
      String port = "{port=\"" + node.agentCompact + "\"}";
      double[] books = new double[4];
      Wait.until("stored + counted loss == sent", 20, () -> {
        try {
          books[0] = node.metric("weft_stored_spans");
          books[1] = node.metric("weft_spans_dropped_total{reason=\"agent-buffer-full\"}");
          books[2] = SPANS_PER_DATAGRAM * node.metric("weft_agent_udp_socket_drops_total" + port);
          books[3] = SPANS_PER_DATAGRAM * (node.metric("weft_agent_datagrams_received_total" + port)
              - node.metric("weft_agent_spans_received_total" + port) / SPANS_PER_DATAGRAM);
          return books[0] + books[1] + books[2] + books[3] == sent;
        } catch (Exception e) {
          return false;
        }
      });
      Thread.sleep(300); // nothing more arrives: the books balance because everything is settled
      assertEquals(books[0], node.metric("weft_stored_spans"), "no span still on its way");
      assertTrue(books[0] > 0, "some spans stored");
      System.out.printf("burst of %d spans, socket buffer %d: stored %.0f, agent buffer full %.0f, kernel drops %.0f, "
          + "undecodable %.0f%n", sent, socketBuffer, books[0], books[1], books[2], books[3]);
    }
  }

  /** Sends the datagrams back to back; returns the number of spans sent. */
  static int burst(int port, long traceBase) throws Exception {
    List<byte[]> datagrams = new ArrayList<>(DATAGRAMS);
    long now = System.currentTimeMillis() * 1000;
    for (int d = 0; d < DATAGRAMS; d++) {
      List<io.jaegertracing.thriftjava.Span> spans = new ArrayList<>();
      for (int i = 0; i < SPANS_PER_DATAGRAM; i++) {
        io.jaegertracing.thriftjava.Span s = new io.jaegertracing.thriftjava.Span(traceBase + d, 0, i + 1,
            i == 0 ? 0 : 1, "op-" + i, 1, now - 10_000 + i, 100);
        s.setTags(List.of(new Tag("http.url", TagType.STRING).setVStr("/orders/" + d + "/" + i),
            new Tag("n", TagType.LONG).setVLong(i)));
        spans.add(s);
      }
      datagrams.add(AgentUdpIngestTest.emitBatch(new Batch(new io.jaegertracing.thriftjava.Process("burst"), spans), true));
    }
    try (DatagramSocket socket = new DatagramSocket()) {
      InetAddress to = InetAddress.getLoopbackAddress();
      for (byte[] d : datagrams) {
        socket.send(new DatagramPacket(d, d.length, to, port));
      }
    }
    return DATAGRAMS * SPANS_PER_DATAGRAM;
  }
}
