package io.weft.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datagrams the kernel dropped on the sockets bound to one UDP port, from Linux's {@code /proc/net/udp}
 * and {@code /proc/net/udp6} (last column, "drops": a full receive buffer). That is the one loss the
 * agent cannot see itself, so it is read per socket (not the host-wide RcvbufErrors, which other
 * programs share) and exported as a counter. Elsewhere than Linux it reads 0.
 */
final class UdpSocketDrops {
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
  private final String portHex;

  UdpSocketDrops(int port) {
    this.portHex = ":" + String.format(Locale.ROOT, "%04X", port);
  }

  /** Blocking (reads files): called from the metrics scrape, which runs off the event loop. */
  long read() {
    long total = 0;
    for (Path table : TABLES) {
      try {
        total += sum(Files.readAllLines(table));
      } catch (IOException | RuntimeException e) {
        // no such table (not Linux, no IPv6): nothing dropped there
      }
    }
    return total;
  }

  long sum(List<String> lines) {
    long total = 0;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      // sl local_address rem_address st ... drops; the header's second field is "local_address".
      if (f.length > 4 && f[1].endsWith(portHex) && !f[0].equals("sl")) {
        total += Long.parseLong(f[f.length - 1]);
      }
    }
    return total;
  }
}
