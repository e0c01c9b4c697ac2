package io.weft.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports of 127.0.0.1 for test servers, below Linux's ephemeral range (32768-60999). A server
 * may bind its ports long after they were picked (a clustered role starts when the cluster assigns
 * it, a restarted broker binds again), and a port from the ephemeral range can meanwhile become the
 * local end of some outgoing connection.
 */
public final class Ports {
  private static final int LOW = 20000;
  private static final int HIGH = 32000;
  private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /** A port free for both TCP and UDP on 127.0.0.1 now, never handed out before in this JVM. */
  public static int free() {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 1000; attempt++) {
      int p = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (!TAKEN.add(p)) {
        continue;
      }
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(lo, p));
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, p))) {
          return p;
        }
      } catch (IOException inUse) {
        // try another
      }
    }
    throw new IllegalStateException("no free port in " + LOW + "-" + HIGH);
  }
}
