package io.weft.role;

import io.weft.config.ConfigException;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The roles a Weft node can run. Outside the code (flags, JSON, Hazelcast attributes and maps, metric
 * labels, logs) a role is its lower-case {@link #id()}, which {@link #toString()} also answers. Declared in
 * name order, so an {@link EnumSet} lists roles as they always were listed (sorted by name).
 */
public enum Role {
  /** Jaeger UDP receiver and sampling endpoints, forwarding batches to a collector. */
  AGENT,
  /** Span receivers (OTLP, Jaeger, Zipkin) and the write pipeline. */
  COLLECTOR,
  /** The cold tier's writer: hands traces off to blocks on an object store, compacts and expires them (one at a time). */
  COMPACTOR,
  /** Reads the Kafka topic the collectors write, and stores the spans. */
  INGESTER,
  /** The query APIs and the web UI. */
  QUERY;

  /** What {@code --roles=all} means: one process taking, storing and showing spans. */
  public static final Set<Role> ALL_IN_ONE = Collections.unmodifiableSet(EnumSet.of(AGENT, COLLECTOR, QUERY));

  private final String id = name().toLowerCase(Locale.ROOT);

  /** The role's name outside the code: {@code agent}, {@code collector}, {@code compactor}, {@code ingester}, {@code query}. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }

  /** The role named {@code id} (case-insensitive), or null when there is none. */
  public static Role find(String id) {
    for (Role r : values()) {
      if (r.id.equalsIgnoreCase(id.trim())) {
        return r;
      }
    }
    return null;
  }

  /** The role named {@code id}; a {@link ConfigException} listing the roles when there is none. */
  public static Role parse(String id) {
    Role r = find(id);
    if (r == null) {
      throw new ConfigException("unknown role '" + id + "': use " + String.join(", ", ids(EnumSet.allOf(Role.class))));
    }
    return r;
  }

  /**
   * {@code --roles} of a node outside a cluster: role names, and {@code all} (or {@code any}, which
   * outside a cluster means the same) for {@link #ALL_IN_ONE}.
   */
  public static Set<Role> parseList(List<String> names) {
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String name : names) {
      if (name.equals("all") || name.equals("any")) {
        out.addAll(ALL_IN_ONE);
      } else if (find(name) != null) {
        out.add(find(name));
      } else {
        throw new ConfigException("unknown role '" + name + "': use agent, collector, compactor, ingester, query or all");
      }
    }
    if (out.isEmpty()) {
      throw new ConfigException("no role given: use --roles=all or a comma list of agent, collector, compactor, ingester, query");
    }
    return out;
  }

  /** The ids of {@code roles}, in role order: the form JSON and attributes carry. */
  public static List<String> ids(Collection<Role> roles) {
    return (roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles)).stream().map(Role::id).toList();
  }

  /** Roles from their ids, skipping names this build does not know (a newer member's). */
  public static Set<Role> known(Collection<String> ids) {
    EnumSet<Role> out = EnumSet.noneOf(Role.class);
    for (String id : ids) {
      Role r = find(id);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }
}
