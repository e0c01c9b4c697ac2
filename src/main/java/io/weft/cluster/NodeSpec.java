package io.weft.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a member brings to the cluster: the roles it was launched with (pinned: they never move) and
 * how many further roles the cluster may give it. {@code capacity} is {@link #UNLIMITED} for a node
 * launched with {@code any}, else the configured spare capacity (0: it runs only its pinned roles).
 * {@code seniority} is the member's place in the cluster's member list (0: the oldest), the same on
 * every member.
 */
public record NodeSpec(String id, Set<String> pinned, int capacity, int seniority) {
  public static final int UNLIMITED = -1;

  public NodeSpec {
    pinned = Set.copyOf(pinned);
  }

  public NodeSpec(String id, Set<String> pinned, int capacity) {
    this(id, pinned, capacity, 0);
  }

  NodeSpec withSeniority(int s) {
    return new NodeSpec(id, pinned, capacity, s);
  }

  public boolean eligible() {
    return capacity != 0;
  }

  /**
   * {@code --roles} of a clustered node: role names, {@code all} (the roles in {@code all}), and
   * {@code any} for "eligible for whatever is needed".
   */
  public static NodeSpec parse(String id, List<String> roles, Set<String> known, List<String> all, int spare) {
    Set<String> pinned = new TreeSet<>();
    boolean any = false;
    for (String r : roles) {
      if (r.equals("any")) {
        any = true;
      } else if (r.equals("all")) {
        pinned.addAll(all);
      } else if (known.contains(r)) {
        pinned.add(r);
      } else {
        throw new io.weft.config.ConfigException("unknown role '" + r + "': use " + String.join(", ", new TreeSet<>(known))
            + ", all or any");
      }
    }
    if (pinned.isEmpty() && !any) {
      throw new io.weft.config.ConfigException("no role given: use --roles=any or a comma list of roles");
    }
    return new NodeSpec(id, pinned, any ? UNLIMITED : Math.max(0, spare));
  }

  /** Member attribute form (Hazelcast member attributes are strings). */
  String pinnedAttribute() {
    return String.join(",", new TreeSet<>(pinned));
  }

  static Set<String> parsePinned(String attr) {
    Set<String> out = new TreeSet<>();
    if (attr != null) {
      for (String s : attr.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  List<String> pinnedSorted() {
    return new ArrayList<>(new TreeSet<>(pinned));
  }
}
