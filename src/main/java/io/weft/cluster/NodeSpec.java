package io.weft.cluster;

import io.weft.config.ConfigException;
import io.weft.role.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a member brings to the cluster: the roles it was launched with (pinned: they never move) and
 * how many further roles the cluster may give it. {@code capacity} is {@link #UNLIMITED} for a node
 * launched with {@code any}, else the configured spare capacity (0: it runs only its pinned roles).
 * {@code seniority} is the member's place in the cluster's member list (0: the oldest), the same on
 * every member.
 */
public record NodeSpec(String id, Set<Role> pinned, int capacity, int seniority) {
  public static final int UNLIMITED = -1;

  public NodeSpec {
    pinned = pinned.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(pinned));
  }

  public NodeSpec(String id, Set<Role> pinned, int capacity) {
    this(id, pinned, capacity, 0);
  }

  NodeSpec withSeniority(int s) {
    return new NodeSpec(id, pinned, capacity, s);
  }

  public boolean eligible() {
    return capacity != 0;
  }

  /**
   * {@code --roles} of a clustered node: role names, {@code all} ({@link Role#ALL_IN_ONE}), and
   * {@code any} for "eligible for whatever is needed".
   */
  public static NodeSpec parse(String id, List<String> roles, int spare) {
    Set<Role> pinned = EnumSet.noneOf(Role.class);
    boolean any = false;
    for (String r : roles) {
      if (r.equals("any")) {
        any = true;
      } else if (r.equals("all")) {
        pinned.addAll(Role.ALL_IN_ONE);
      } else if (Role.find(r) != null) {
        pinned.add(Role.find(r));
      } else {
        throw new ConfigException("unknown role '" + r + "': use "
            + String.join(", ", Role.ids(EnumSet.allOf(Role.class))) + ", all or any");
      }
    }
    if (pinned.isEmpty() && !any) {
      throw new ConfigException("no role given: use --roles=any or a comma list of roles");
    }
    return new NodeSpec(id, pinned, any ? UNLIMITED : Math.max(0, spare));
  }

  /** Member attribute form (Hazelcast member attributes are strings): the role names, comma separated. */
  String pinnedAttribute() {
    return String.join(",", Role.ids(pinned));
  }

  /** The pinned roles of a member's attribute; names this build does not know are left out. */
  static Set<Role> parsePinned(String attr) {
    return attr == null ? Set.of() : Role.known(Arrays.asList(attr.split(",")));
  }
}
