package io.weft.net;

import io.weft.config.ConfigException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The node's TCP listeners in groups, as the TLS options name them ({@code tls.listeners},
 * {@code tls.client-auth.listeners}): each group shares a certificate policy.
 */
public enum ListenerGroup {
  /** The receivers: OTLP gRPC and HTTP, Jaeger thrift HTTP, Zipkin. */
  COLLECTOR,
  /** Sampling strategies over HTTP and gRPC. */
  SAMPLING,
  /** Query HTTP (API, UI, the browsers' event-bus bridge) and query gRPC. */
  QUERY,
  /** /health, /metrics and the cluster's admin API. */
  ADMIN,
  /** The TCP event-bus bridge. */
  BRIDGE,
  /** The clustered event bus between members. */
  CLUSTER;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code collector,query} or {@code all} (or empty: none). */
  public static Set<ListenerGroup> parseList(String option, String text) {
    Set<ListenerGroup> out = EnumSet.noneOf(ListenerGroup.class);
    for (String part : text.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("all")) {
        out.addAll(EnumSet.allOf(ListenerGroup.class));
        continue;
      }
      try {
        out.add(valueOf(p.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(option + ": unknown listener group '" + part.trim()
            + "' (use collector, sampling, query, admin, bridge, cluster or all)");
      }
    }
    return out;
  }
}
