package io.weft.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which member runs which role: a pure function of the live members and the desired counts, so
 * every node computes the same plan without talking to the others and no two nodes fight over a
 * role. Pinned roles count first. For each role (in name order) the missing instances go to the
 * eligible members that run the fewest roles so far, ties broken by rendezvous hashing of
 * role + member id: the order does not depend on who joined first, and when a member leaves only
 * the roles it held move.
 */
public final class Assignment {
  private final Map<String, Set<String>> rolesByMember;
  private final Map<String, Set<String>> assignedByMember;
  private final Map<String, Integer> unmet;

  private Assignment(Map<String, Set<String>> rolesByMember, Map<String, Set<String>> assignedByMember,
      Map<String, Integer> unmet) {
    this.rolesByMember = rolesByMember;
    this.assignedByMember = assignedByMember;
    this.unmet = unmet;
  }

  /** Plans roles over {@code members} (those leaving already left out). Roles not in {@code desired} run pinned only. */
  public static Assignment plan(Collection<NodeSpec> members, Map<String, Integer> desired) {
    List<NodeSpec> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparing(NodeSpec::id));
    Map<String, Set<String>> roles = new TreeMap<>();
    Map<String, Set<String>> assigned = new TreeMap<>();
    Set<String> allRoles = new TreeSet<>(desired.keySet());
    for (NodeSpec m : sorted) {
      roles.put(m.id(), new TreeSet<>(m.pinned()));
      assigned.put(m.id(), new TreeSet<>());
      allRoles.addAll(m.pinned());
    }
    Map<String, Integer> unmet = new TreeMap<>();
    for (String role : allRoles) {
      long pinned = sorted.stream().filter(m -> m.pinned().contains(role)).count();
      int need = (int) Math.max(0, desired.getOrDefault(role, 0) - pinned);
      List<NodeSpec> candidates = new ArrayList<>();
      for (NodeSpec m : sorted) {
        boolean full = m.capacity() != NodeSpec.UNLIMITED && assigned.get(m.id()).size() >= m.capacity();
        if (m.eligible() && !full && !m.pinned().contains(role)) {
          candidates.add(m);
        }
      }
      Map<String, Long> score = new HashMap<>();
      candidates.forEach(m -> score.put(m.id(), score(role, m.id())));
      candidates.sort(Comparator.<NodeSpec>comparingInt(m -> roles.get(m.id()).size())
          .thenComparing(m -> score.get(m.id()), Comparator.reverseOrder())
          .thenComparing(NodeSpec::id));
      for (int i = 0; i < candidates.size() && need > 0; i++, need--) {
        String id = candidates.get(i).id();
        roles.get(id).add(role);
        assigned.get(id).add(role);
      }
      if (need > 0) {
        unmet.put(role, need);
      }
    }
    return new Assignment(roles, assigned, unmet);
  }

  /** Every role the member should run, pinned and assigned; empty for an unknown member. */
  public Set<String> rolesOf(String memberId) {
    return rolesByMember.getOrDefault(memberId, Set.of());
  }

  /** The roles the cluster gave the member on top of its pinned ones. */
  public Set<String> assignedTo(String memberId) {
    return assignedByMember.getOrDefault(memberId, Set.of());
  }

  /** Members that should run {@code role}, sorted by id. */
  public List<String> holders(String role) {
    List<String> out = new ArrayList<>();
    rolesByMember.forEach((id, r) -> {
      if (r.contains(role)) {
        out.add(id);
      }
    });
    return out;
  }

  /** Instances wanted but not placeable (too few eligible members), per role. */
  public Map<String, Integer> unmet() {
    return unmet;
  }

  /** A well-mixed 64-bit hash of role and member (rendezvous hashing's weight). */
  static long score(String role, String memberId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (role + '\u0000' + memberId).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return mix(h);
  }

  /** MurmurHash3's 64-bit finaliser: FNV alone clusters for ids that differ in the last characters. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
