package io.weft.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a node says at start when it listens beyond this machine: which listeners are reachable
 * without TLS, and whether anything asks who is calling (authentication). Loopback
 * addresses are quiet: the default is 127.0.0.1.
 */
public final class Exposure {
  private Exposure() {}

  /**
   * The warnings for a node on {@code host} (clustered: its event bus and Hazelcast on {@code clusterHost}),
   * with {@code tls}, whether authentication is on and, clustered, whether a cluster secret is set;
   * empty when nothing is exposed.
   */
  public static List<String> warnings(String host, TlsSettings tls, boolean auth, boolean clustered,
      String clusterHost, boolean secret) {
    List<String> out = new ArrayList<>();
    if (!loopback(host)) {
      Set<String> plain = new TreeSet<>();
      for (ListenerGroup g : ListenerGroup.values()) {
        if (g != ListenerGroup.CLUSTER && (g != ListenerGroup.BRIDGE || clustered) && !tls.on(g)) {
          plain.add(g.id());
        }
      }
      if (!plain.isEmpty() || !auth) {
        out.add("listening on " + host + " (beyond this machine) "
            + (plain.isEmpty() ? "with TLS" : "without TLS on " + String.join(", ", plain) + " (set tls.cert and tls.key)")
            + (auth ? " (bearer tokens travel in clear)"
                : " and without authentication (set auth.tokens-file or auth.oidc.jwks-url): anyone who reaches these "
                    + "ports can send spans and read every trace"));
      }
    }
    if (clustered && !loopback(clusterHost)) {
      if (!tls.on(ListenerGroup.CLUSTER)) {
        out.add("the cluster's event bus on " + clusterHost + " runs without TLS: spans and queries between members "
            + "travel in clear (set tls.cert, tls.key and tls.ca)");
      }
      if (!secret) {
        out.add("the cluster on " + clusterHost + " has no cluster.secret: any process that reaches Hazelcast's port "
            + "can join, take roles and receive spans");
      }
    }
    return out;
  }

  static boolean loopback(String host) {
    try {
      String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (Exception e) {
      return false;
    }
  }
}
