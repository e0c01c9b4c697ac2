package io.weft.agent;

import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.vertx.core.datagram.DatagramSocket;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes the buffer each datagram is read into. Vert.x reads every datagram into a fresh buffer as
 * large as the socket's receive buffer (SO_RCVBUF, megabytes here, for bursts), which costs an
 * allocation of that size per datagram (measured: ~160 µs of CPU per datagram with 4 MiB, ~6x the
 * whole decode-and-forward work). Vert.x has no option for it, so the Netty channel's allocator is
 * replaced through the socket's private field: one datagram of at most {@code max-packet-size + 1}
 * bytes per read (one byte more, so an oversized datagram shows as such), and up to 16 datagrams per
 * wake-up instead of Vert.x's one. Should a Vert.x version move that field, the agent logs it and
 * keeps working with Vert.x's sizing, only slower.
 */
final class DatagramReadBuffer {
  private static final Logger LOG = LoggerFactory.getLogger(DatagramReadBuffer.class);
  static final int DATAGRAMS_PER_READ = 16;

  private DatagramReadBuffer() {}

  /** Returns true when the socket now reads into buffers of {@code bytes}. */
  static boolean apply(DatagramSocket socket, int bytes) {
    try {
      Field f = socket.getClass().getDeclaredField("channel");
      f.setAccessible(true);
      Channel channel = (Channel) f.get(socket);
      FixedRecvByteBufAllocator alloc = new FixedRecvByteBufAllocator(bytes);
      alloc.maxMessagesPerRead(DATAGRAMS_PER_READ);
      channel.config().setRecvByteBufAllocator(alloc);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot size the UDP read buffer ({}): each datagram is read into a buffer of "
          + "agent.udp.socket-buffer-size bytes, which is slower", e.toString());
      return false;
    }
  }
}
