package io.weft.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sockets a process listens on, read as {@code ss -ltnup} does: its descriptors' socket inodes
 * (/proc/PID/fd) matched against /proc/net/tcp, tcp6, udp and udp6. TCP in LISTEN state; UDP bound
 * and unconnected.
 */
public final class Sockets {
  /** A listening socket: tcp or udp, its local address (IPv6 in full hex form) and port. */
  public record Listener(String protocol, String address, int port) {
    /** Bound to every interface (0.0.0.0 or ::). */
    public boolean wildcard() {
      return address.equals("0.0.0.0") || address.matches("[0:]+");
    }

    @Override
    public String toString() {
      return protocol + " " + address + ":" + port;
    }
  }

  private Sockets() {}

  public static List<Listener> listening(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    List<Listener> out = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
      List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        String state = f[3];
        boolean listens = table.startsWith("tcp") ? state.equals("0A") : state.equals("07");
        if (!listens || !inodes.contains(f[9])) {
          continue;
        }
        String[] local = f[1].split(":");
        out.add(new Listener(table.substring(0, 3), address(local[0]), Integer.parseInt(local[1], 16)));
      }
    }
    return out;
  }

  /** /proc/net's hex address: IPv4 as dotted quad (little-endian), IPv6 as 32 hex digits (0s for ::). */
  private static String address(String hex) {
    if (hex.length() == 8) {
      long v = Long.parseLong(hex, 16);
      return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
    }
    if (hex.equals("0000000000000000FFFF0000" + hex.substring(24)) && hex.length() == 32) {
      return "::ffff:" + address(hex.substring(24));
    }
    return hex;
  }
}
