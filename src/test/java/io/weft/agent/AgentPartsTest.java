package io.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.junit5.VertxExtension;
import io.weft.wire.SpanBatch;
import io.weft.wire.SpanBatchCodec;
import io.weft.testing.RandomSpans;
import io.weft.testing.TestSpans;
import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The small pieces: the event-bus codec, the batcher, agent tags, settings, the /proc/net/udp reader. */
@ExtendWith(VertxExtension.class)
class AgentPartsTest {
  @Test
  void spanBatchCodecRoundTripsOverTheWire() {
    List<Span> spans = new RandomSpans(7).batch(40);
    SpanBatch batch = SpanBatch.of(spans, "jaeger");
    SpanBatchCodec codec = new SpanBatchCodec();
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, batch);
    SpanBatch back = codec.decodeFromWire(6, wire);
    assertEquals(spans.size(), back.spans());
    assertEquals("jaeger", back.format());
    assertEquals(spans, back.decode());
    assertSame(batch, codec.transform(batch), "local delivery passes the immutable batch");
    assertEquals("weft-spans-batch", codec.name());
  }

  @Test
  void batcherSealsFullBatchesAndFlushesTheRest() {
    List<EncodedBatch> out = new ArrayList<>();
    Batcher b = new Batcher(4, spans -> new EncodedBatch(new byte[0], spans.size()), out::add);
    List<Span> ten = new RandomSpans(3).batch(0);
    for (int i = 0; i < 10; i++) {
      ten = new ArrayList<>(ten);
      ten.add(span("s"));
    }
    b.add(ten);
    assertEquals(List.of(4, 4), out.stream().map(EncodedBatch::spans).toList());
    assertEquals(2, b.pending());
    b.flush();
    b.flush();
    assertEquals(List.of(4, 4, 2), out.stream().map(EncodedBatch::spans).toList());
  }

  @Test
  void agentTagsAreAddedOncePerProcessAndTheApplicationWins() {
    ProcessTagger tagger = new ProcessTagger(AgentSettings.parseTags("host=abc, zone = eu-1,"));
    Process p = new Process("svc", List.of(Tag.string("zone", "mine")));
    Span a = span("svc").toBuilder().process(p).build();
    Span b = span("svc").toBuilder().process(p).build();
    List<Span> out = tagger.apply(List.of(a, b));
    assertEquals(List.of(Tag.string("zone", "mine"), Tag.string("host", "abc")), out.get(0).process().tags());
    assertSame(out.get(0).process(), out.get(1).process(), "one tagged copy per process");
    assertSame(a, new ProcessTagger(List.of()).apply(List.of(a)).get(0));
    assertThrows(ConfigException.class, () -> AgentSettings.parseTags("novalue"));
    assertEquals("eu-West-1", AgentSettings.parseTags("Zone=eu-West-1").get(0).value(), "values keep their case");
  }

  @Test
  void settingsAreCheckedAtStart() {
    AgentSettings s = AgentSettings.from(WeftConfig.defaults());
    assertEquals(6831, s.compactPort());
    assertEquals(100, s.batchIntervalMs());
    assertThrows(ConfigException.class, () -> AgentSettings.from(WeftConfig.defaults().with(
        Map.of("agent.udp.socket-buffer-size", "60000"))));
    assertThrows(ConfigException.class, () -> AgentSettings.from(WeftConfig.defaults().with(
        Map.of("agent.collector.host", "nohost"))));
    assertThrows(ConfigException.class, () -> AgentSettings.from(WeftConfig.defaults().with(
        Map.of("agent.buffer.max-spans", "10"))));
    AgentSettings remote = AgentSettings.from(WeftConfig.defaults().with(Map.of("agent.collector.host", "c1:4317")));
    assertEquals("c1", remote.collectorHostName());
    assertEquals(4317, remote.collectorPort());
  }

  @Test
  void socketDropsFromProcNetUdp() {
    List<String> table = List.of(
        "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
        "  12: 0100007F:1AAF 00000000:0000 07 00000000 00000000 00:00000000 00000000     0        0 1 2 0 42",
        "  13: 00000000:1AAF 00000000:0000 07 00000000 00000000 00:00000000 00000000     0        0 3 2 0 8",
        "  14: 0100007F:1AB0 00000000:0000 07 00000000 00000000 00:00000000 00000000     0        0 4 2 0 99");
    assertEquals(50, new UdpSocketDrops(6831).sum(table));
    assertEquals(0, new UdpSocketDrops(1).sum(table));
    assertTrue(new UdpSocketDrops(6831).read() >= 0);
  }

  @Test
  void theReadBufferIsSizedToADatagramNotToTheSocketBuffer(Vertx vertx) {
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(4 << 20));
    assertTrue(DatagramReadBuffer.apply(socket, 65_001), "Vert.x still keeps its Netty channel where expected");
    socket.close();
  }

  @Test
  void reasonCodes() {
    assertEquals("truncated", UdpReceiver.reason("truncated: emitBatch: ..."));
    assertEquals("not-emitBatch", UdpReceiver.reason("not-emitBatch: message is \"x\""));
    assertEquals("bad-message", UdpReceiver.reason("something odd"));
    assertEquals("bad-message", UdpReceiver.reason(null));
  }

  static Span span(String service) {
    return TestSpans.of(new TraceId(0, 1), 2, 0, service, "op").startTimeMicros(1).durationMicros(1).build();
  }
}
