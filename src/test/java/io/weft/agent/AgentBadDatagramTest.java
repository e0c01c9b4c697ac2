package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.thriftjava.Batch;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Garbage, truncated, empty, oversized and wrong-call datagrams on both UDP ports: each is counted
 * under its reason, the node stays healthy, and a good datagram sent right after them is kept.
 */
class AgentBadDatagramTest {
  @RegisterExtension
  static final TestNode node = TestNode.forClass();

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void badDatagramsAreCountedAndTheNextGoodOneIsKept(boolean compact) throws Exception {
    int port = compact ? node.agentCompact : node.agentBinary;
    long traceLow = compact ? 0xC0FFEE01L : 0xC0FFEE02L;
    byte[] good = datagram(traceLow, compact, "emitBatch");
    AgentUdpIngestTest.send(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    AgentUdpIngestTest.send(port, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x01});
    AgentUdpIngestTest.send(port, Arrays.copyOf(good, good.length / 2));
    AgentUdpIngestTest.send(port, new byte[0]);
    AgentUdpIngestTest.send(port, new byte[65_100]); // over agent.udp.max-packet-size (65000), under UDP's limit
    AgentUdpIngestTest.send(port, datagram(traceLow, compact, "emitZipkinBatch"));
    AgentUdpIngestTest.send(port, good);

    Wait.forValue("the good datagram's span", 20, () -> node.traceWith(Long.toHexString(traceLow), 1));
    String p = "{port=\"" + port + "\",reason=\"";
    assertEquals(1, node.metric("weft_agent_datagrams_dropped_total" + p + "too-large\"}"));
    assertEquals(1, node.metric("weft_agent_datagrams_dropped_total" + p + "not-emitBatch\"}"));
    assertTrue(node.metric("weft_agent_datagrams_dropped_total" + p + "truncated\"}") >= 2, "half and empty");
    double total = 0;
    for (String reason : List.of("too-large", "not-emitBatch", "truncated", "bad-message")) {
      total += node.metric("weft_agent_datagrams_dropped_total" + p + reason + "\"}");
    }
    assertEquals(6, total, "every bad datagram counted once, under one reason");
    assertEquals(7, node.metric("weft_agent_datagrams_received_total{port=\"" + port + "\"}"));
    assertEquals(1, node.metric("weft_agent_spans_received_total{port=\"" + port + "\"}"));
    assertEquals(200, node.get(node.admin, "/health").statusCode());
  }

  static byte[] datagram(long traceLow, boolean compact, String call) throws Exception {
    long now = System.currentTimeMillis() * 1000;
    io.jaegertracing.thriftjava.Span s = new io.jaegertracing.thriftjava.Span(traceLow, 0, 7, 0, "after-garbage", 1,
        now - 1000, 500);
    Batch batch = new Batch(new io.jaegertracing.thriftjava.Process("bad-datagram-test"), List.of(s));
    TMemoryBuffer buf = new TMemoryBuffer(256);
    TProtocol proto = compact ? new TCompactProtocol(buf) : new TBinaryProtocol(buf);
    proto.writeMessageBegin(new TMessage(call, TMessageType.ONEWAY, 1));
    new io.jaegertracing.agent.thrift.Agent.emitBatch_args(batch).write(proto);
    proto.writeMessageEnd();
    return Arrays.copyOf(buf.getArray(), buf.length());
  }
}
