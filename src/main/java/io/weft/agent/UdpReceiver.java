package io.weft.agent;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.weft.codec.CodecException;
import io.weft.codec.JaegerThriftDecoder;
import io.weft.model.Span;
import io.weft.net.ListenException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * One UDP port of Jaeger's agent protocol: each datagram is a oneway {@code Agent.emitBatch} call,
 * thrift compact (6831) or binary (6832). A datagram that cannot be decoded is counted under its
 * reason and logged (rate-limited), and the next one is read as if nothing happened; the sender never
 * learns, which is the point of UDP here: an application never waits for its agent.
 */
final class UdpReceiver {
  private static final RateLimitedLog LOG = new RateLimitedLog(LoggerFactory.getLogger(UdpReceiver.class), 10_000);

  private final Vertx vertx;
  private final AgentSettings settings;
  private final boolean compact;
  private final AgentMetrics metrics;
  private final Consumer<List<Span>> sink;
  private int port;
  private Counter datagrams;
  private Counter spans;
  private UdpSocketDrops drops; // held here: the metrics registry keeps only a weak reference to it
  private DatagramSocket socket;

  UdpReceiver(Vertx vertx, AgentSettings settings, boolean compact, AgentMetrics metrics, Consumer<List<Span>> sink) {
    this.vertx = vertx;
    this.settings = settings;
    this.compact = compact;
    this.metrics = metrics;
    this.sink = sink;
  }

  Future<DatagramSocket> listen(int port) {
    meters(port); // before the first datagram can arrive (the agent binds configured ports, never 0)
    // Vert.x also sizes its per-datagram read buffer from this (unless DatagramReadBuffer resizes it).
    DatagramSocketOptions opts = new DatagramSocketOptions().setReceiveBufferSize(settings.socketBufferSize());
    DatagramSocket s = vertx.createDatagramSocket(opts);
    DatagramReadBuffer.apply(s, settings.maxPacketSize() + 1);
    s.handler(this::handle);
    s.exceptionHandler(err -> LOG.warn("UDP port " + this.port + ": " + err));
    return s.listen(port, settings.host()).recover(err -> Future.failedFuture(new ListenException(
        "Jaeger " + (compact ? "compact" : "binary") + " UDP", settings.host(), port, err)))
        .onSuccess(bound -> this.socket = bound);
  }

  private void meters(int port) {
    this.port = port;
    datagrams = metrics.datagramsReceived(port);
    spans = metrics.spansReceived(port);
    drops = new UdpSocketDrops(port);
    metrics.socketDrops(port, drops);
  }

  private void handle(DatagramPacket packet) {
    datagrams.increment();
    Buffer data = packet.data();
    if (data.length() > settings.maxPacketSize()) {
      drop("too-large", data.length() + " bytes, more than agent.udp.max-packet-size " + settings.maxPacketSize());
      return;
    }
    List<Span> decoded;
    try {
      decoded = JaegerThriftDecoder.decodeEmitBatch(data.getBytes(), compact);
    } catch (CodecException e) {
      drop(reason(e.getMessage()), e.getMessage());
      return;
    } catch (RuntimeException e) { // the model refusing a value: still only this datagram's problem
      drop("bad-message", String.valueOf(e));
      return;
    }
    spans.increment(decoded.size());
    if (!decoded.isEmpty()) {
      sink.accept(decoded);
    }
  }

  private void drop(String reason, String detail) {
    metrics.datagramDropped(port, reason);
    LOG.warn("UDP port " + port + ": dropped a datagram (" + reason + "): " + detail);
  }

  /** The decoder's messages start with a reason code: {@code truncated: ...}. */
  static String reason(String message) {
    int colon = message == null ? -1 : message.indexOf(':');
    String code = colon > 0 ? message.substring(0, colon) : "";
    return code.matches("[a-zA-Z-]{1,30}") ? code : "bad-message";
  }

  Future<Void> close() {
    return socket == null ? Future.succeededFuture() : socket.close();
  }
}
