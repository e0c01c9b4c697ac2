package io.weft.cluster;

import io.weft.config.ConfigException;
import io.weft.config.Option;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.role.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The cluster's settings (see {@link Options}), read once. Times are milliseconds. */
public record ClusterSettings(boolean enabled, String configPath, List<String> members, String busHost, int busPort,
    String publicHost, int spareRoles, Map<Role, Integer> desired, long reconcileMs, long queryTimeoutMs,
    long shutdownMs, int bridgePort, boolean bridgeAdmin, boolean queryAdmin, ClusterSecret secret) {

  public static ClusterSettings from(WeftConfig c) {
    String pub = c.get(Options.CLUSTER_PUBLIC_HOST);
    return new ClusterSettings(bool(c, Options.CLUSTER), c.get(Options.CLUSTER_CONFIG),
        members(c.get(Options.CLUSTER_MEMBERS)), c.get(Options.CLUSTER_HOST), c.getInt(Options.CLUSTER_PORT),
        pub.isEmpty() ? c.get(Options.CLUSTER_HOST) : pub,
        c.getInt(Options.CLUSTER_SPARE), desired(c),
        c.getMicros(Options.CLUSTER_RECONCILE) / 1000, c.getMicros(Options.CLUSTER_QUERY_TIMEOUT) / 1000,
        c.getMicros(Options.CLUSTER_SHUTDOWN) / 1000, c.getInt(Options.BRIDGE_TCP_PORT), bool(c, Options.BRIDGE_ADMIN),
        bool(c, Options.QUERY_ADMIN), ClusterSecret.of(c.get(Options.CLUSTER_SECRET)));
  }

  /** cluster.desired, plus one compactor when a cold tier is configured and the setting names none. */
  private static Map<Role, Integer> desired(WeftConfig c) {
    Map<Role, Integer> d = roleCounts(Options.CLUSTER_DESIRED.name(), c.get(Options.CLUSTER_DESIRED));
    if (!c.get(Options.COLD_TYPE).trim().equalsIgnoreCase("none")) {
      d.putIfAbsent(Role.COMPACTOR, 1);
    }
    return d;
  }

  /**
   * {@code weft-1:5701,weft-2,[fd00::2]:5701}: Hazelcast's tcp-ip members (a member without a port is tried
   * on Hazelcast's port range); empty when none are given.
   */
  static List<String> members(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String m = part.trim();
      if (m.isEmpty()) {
        continue;
      }
      if (!validMember(m)) {
        throw new ConfigException(Options.CLUSTER_MEMBERS.name()
            + ": expected host or host:port entries like weft-1:5701,weft-2, got '" + m + "'");
      }
      out.add(m);
    }
    return List.copyOf(out);
  }

  /** host, host:port, [ipv6] or [ipv6]:port; a bare IPv6 address (several colons) is a host without port. */
  private static boolean validMember(String m) {
    if (m.chars().anyMatch(Character::isWhitespace)) {
      return false;
    }
    String port = null;
    int colon = m.indexOf(':');
    if (m.startsWith("[")) {
      int end = m.indexOf(']');
      if (end < 2 || end + 1 < m.length() && m.charAt(end + 1) != ':') {
        return false;
      }
      port = end + 1 < m.length() ? m.substring(end + 2) : null;
    } else if (colon >= 0 && colon == m.lastIndexOf(':')) {
      if (colon == 0) {
        return false;
      }
      port = m.substring(colon + 1);
    }
    return port == null
        || port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
  }

  public static boolean bool(WeftConfig c, Option o) {
    String v = c.get(o).trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off", "" -> false;
      default -> throw new ConfigException(o.name() + " must be true or false, got '" + c.get(o) + "'");
    };
  }

  /** {@link #counts} of known roles only: an unknown name is a {@link ConfigException}. */
  public static Map<Role, Integer> roleCounts(String what, String text) {
    Map<Role, Integer> out = new EnumMap<>(Role.class);
    counts(what, text).forEach((name, n) -> out.put(Role.parse(name), n));
    return out;
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
