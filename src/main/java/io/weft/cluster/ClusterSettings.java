package io.weft.cluster;

import io.weft.config.ConfigException;
import io.weft.config.Option;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The cluster's settings (see {@link Options}), read once. Times are milliseconds. */
public record ClusterSettings(boolean enabled, String configPath, String busHost, int busPort, String publicHost,
    int spareRoles, Map<String, Integer> desired, long reconcileMs, long queryTimeoutMs, long shutdownMs,
    int bridgePort, boolean bridgeAdmin, boolean queryAdmin) {

  public static ClusterSettings from(WeftConfig c) {
    String pub = c.get(Options.CLUSTER_PUBLIC_HOST);
    return new ClusterSettings(bool(c, Options.CLUSTER), c.get(Options.CLUSTER_CONFIG), c.get(Options.CLUSTER_HOST),
        c.getInt(Options.CLUSTER_PORT), pub.isEmpty() ? c.get(Options.CLUSTER_HOST) : pub,
        c.getInt(Options.CLUSTER_SPARE), counts(Options.CLUSTER_DESIRED.name(), c.get(Options.CLUSTER_DESIRED)),
        c.getMicros(Options.CLUSTER_RECONCILE) / 1000, c.getMicros(Options.CLUSTER_QUERY_TIMEOUT) / 1000,
        c.getMicros(Options.CLUSTER_SHUTDOWN) / 1000, c.getInt(Options.BRIDGE_TCP_PORT), bool(c, Options.BRIDGE_ADMIN),
        bool(c, Options.QUERY_ADMIN));
  }

  public static boolean bool(WeftConfig c, Option o) {
    String v = c.get(o).trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off", "" -> false;
      default -> throw new ConfigException(o.name() + " must be true or false, got '" + c.get(o) + "'");
    };
  }

  /** {@code collector=3,query=1} (the form {@code weft roles} takes too). */
  public static Map<String, Integer> counts(String what, String text) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      try {
        if (eq <= 0) {
          throw new NumberFormatException();
        }
        int n = Integer.parseInt(part.substring(eq + 1).trim());
        if (n < 0) {
          throw new NumberFormatException();
        }
        out.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), n);
      } catch (NumberFormatException e) {
        throw new ConfigException(what + ": expected role=count pairs like collector=3,query=1, got '" + part + "'");
      }
    }
    return out;
  }
}
