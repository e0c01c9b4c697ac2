package io.weft.agent;

import static io.weft.it.TraceJson.process;
import static io.weft.it.TraceJson.span;
import static io.weft.it.TraceJson.tagType;
import static io.weft.it.TraceJson.tagValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.UdpSender;
import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentracing.References;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.it.JaegerClientSpans;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jaeger SDK datagrams reach the query API whole, through both ways an agent forwards: inside an
 * all-in-one node (event bus, binary span batches) and as a separate agent-only node forwarding over
 * OTLP gRPC to a collector node. Spans come from jaeger-client's own UdpSender (compact, 6831) and
 * from an emitBatch datagram written with libthrift's TBinaryProtocol (6832).
 */
class AgentUdpIngestTest {
  static TestNode allInOne;
  static TestNode collector;
  static TestNode agentOnly;

  @BeforeAll
  static void start() throws Exception {
    allInOne = TestNode.start(Map.of("agent.tags", "host=abc,zone=eu-1"));
    collector = TestNode.start(Map.of("roles", "collector,query"));
    agentOnly = TestNode.start(Map.of("roles", "agent", "agent.tags", "host=abc,zone=eu-1",
        "agent.collector.host", "127.0.0.1:" + collector.otlpGrpc));
  }

  @AfterAll
  static void stop() throws Exception {
    for (TestNode n : new TestNode[] {agentOnly, collector, allInOne}) {
      if (n != null) {
        n.close();
      }
    }
  }

  /** The node UDP goes to, and the node the spans are read from. */
  static TestNode[] path(String via) {
    return via.equals("bus") ? new TestNode[] {allInOne, allInOne} : new TestNode[] {agentOnly, collector};
  }

  @ParameterizedTest
  @ValueSource(strings = {"bus", "otlp"})
  void jaegerClientUdpSenderCompact(String via) throws Exception {
    TestNode in = path(via)[0];
    TestNode out = path(via)[1];
    String service = "udp-client-" + via;
    JaegerTracer tracer = new JaegerTracer.Builder(service)
        .withReporter(new RemoteReporter.Builder().withSender(new UdpSender("127.0.0.1", in.agentCompact, 0))
            .withFlushInterval(50).build())
        .withSampler(new ConstSampler(true)).withTag("region", "eu-west").withTag("zone", "app-zone").build();
    JaegerSpan parent = JaegerClientSpans.parentWithChild(tracer, "checkout");
    JaegerSpan follower = tracer.buildSpan("notify").addReference(References.FOLLOWS_FROM, parent.context()).start();
    follower.finish();
    parent.finish();
    tracer.close();

    String traceId = parent.context().getTraceId();
    JsonObject trace = Wait.forValue("trace over " + via, 20, () -> out.traceWith(traceId, 3));
    JsonObject p = span(trace, "checkout");
    JaegerClientSpans.assertTagsAndLog(p);
    JsonArray ptags = process(trace, p).getJsonArray("tags");
    assertEquals(service, process(trace, p).getString("serviceName"));
    assertEquals("eu-west", tagValue(ptags, "region"));
    assertEquals("abc", tagValue(ptags, "host"), "agent tag");
    assertEquals("app-zone", tagValue(ptags, "zone"), "the application's own value wins over the agent's");
    assertEquals(1, ptags.stream().filter(t -> ((JsonObject) t).getString("key").equals("zone")).count());
    assertTrue(tagValue(ptags, "jaeger.version").toString().startsWith("Java-"));
    JsonObject c = span(trace, "db.update");
    JsonObject ref = c.getJsonArray("references").getJsonObject(0);
    assertEquals("CHILD_OF", ref.getString("refType"));
    assertEquals(p.getString("spanID"), ref.getString("spanID"));
    JsonObject f = span(trace, "notify").getJsonArray("references").getJsonObject(0);
    assertEquals("FOLLOWS_FROM", f.getString("refType"));
    assertEquals(p.getString("spanID"), f.getString("spanID"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bus", "otlp"})
  void thriftBinaryEmitBatch(String via) throws Exception {
    TestNode in = path(via)[0];
    TestNode out = path(via)[1];
    long low = System.nanoTime() | 1;
    long high = via.equals("bus") ? 0x1111L : 0x2222L;
    long now = System.currentTimeMillis() * 1000;
    io.jaegertracing.thriftjava.Span root = new io.jaegertracing.thriftjava.Span(low, high, 0x10, 0, "GET /binary", 1,
        now - 5000, 4000);
    root.setTags(List.of(new Tag("http.status_code", TagType.LONG).setVLong(503),
        new Tag("error", TagType.BOOL).setVBool(true), new Tag("blob", TagType.BINARY).setVBinary(new byte[] {1, 2})));
    root.setLogs(List.of(new Log(now - 4500, List.of(new Tag("event", TagType.STRING).setVStr("retry")))));
    io.jaegertracing.thriftjava.Span child = new io.jaegertracing.thriftjava.Span(low, high, 0x11, 0, "SELECT", 1,
        now - 4000, 1000);
    child.setReferences(List.of(new SpanRef(SpanRefType.CHILD_OF, low, high, 0x10)));
    io.jaegertracing.thriftjava.Process proc = new io.jaegertracing.thriftjava.Process("binary-svc-" + via);
    proc.setTags(List.of(new Tag("hostname", TagType.STRING).setVStr("h1")));
    send(in.agentBinary, emitBatch(new Batch(proc, List.of(root, child)), false));

    String traceId = String.format("%016x%016x", high, low);
    JsonObject trace = Wait.forValue("binary datagram over " + via, 20, () -> out.traceWith(traceId, 2));
    JsonObject r = span(trace, "GET /binary");
    assertEquals(503, ((Number) tagValue(r.getJsonArray("tags"), "http.status_code")).intValue());
    assertEquals(true, tagValue(r.getJsonArray("tags"), "error"));
    assertEquals("AQI=", tagValue(r.getJsonArray("tags"), "blob"));
    assertEquals(now - 5000, r.getLong("startTime"));
    assertEquals(4000L, r.getLong("duration"));
    assertEquals("retry", tagValue(r.getJsonArray("logs").getJsonObject(0).getJsonArray("fields"), "event"));
    JsonArray ptags = process(trace, r).getJsonArray("tags");
    assertEquals("h1", tagValue(ptags, "hostname"));
    assertEquals("abc", tagValue(ptags, "host"));
    assertEquals("eu-1", tagValue(ptags, "zone"));
    JsonObject ref = span(trace, "SELECT").getJsonArray("references").getJsonObject(0);
    assertEquals("CHILD_OF", ref.getString("refType"));
    assertEquals("0000000000000010", ref.getString("spanID"));
    assertEquals(traceId, ref.getString("traceID"));
    assertTrue(in.metric("weft_agent_spans_received_total{port=\"" + in.agentBinary + "\"}") >= 2);
  }

  static byte[] emitBatch(Batch batch, boolean compact) throws Exception {
    TMemoryBuffer buf = new TMemoryBuffer(1024);
    TProtocol p = compact ? new TCompactProtocol(buf) : new TBinaryProtocol(buf);
    p.writeMessageBegin(new TMessage("emitBatch", TMessageType.ONEWAY, 1));
    new Agent.emitBatch_args(batch).write(p);
    p.writeMessageEnd();
    return Arrays.copyOf(buf.getArray(), buf.length());
  }

  static void send(int port, byte[] datagram) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
    }
  }
}
