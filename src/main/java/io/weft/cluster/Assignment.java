package io.weft.cluster;

import io.weft.role.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which member runs which role: a pure function of the live members (in the cluster's join order)
 * and the desired counts, so every node computes the same plan without talking to the others and
 * no two nodes fight over a role. Pinned roles count first. For each role (in {@link Role} order) the missing
 * instances go to the eligible members that run the fewest roles so far, ties going to the member
 * that joined first. Seniority rather than a hash breaks ties so that a member joining never takes a
 * role away from one that runs it (a collector moving means its ports move); a member leaving hands
 * its roles to the least loaded, oldest members.
 */
public final class Assignment {
  private final Map<String, Set<Role>> rolesByMember;
  private final Map<String, Set<Role>> assignedByMember;
  private final Map<Role, Integer> unmet;

  private Assignment(Map<String, Set<Role>> rolesByMember, Map<String, Set<Role>> assignedByMember,
      Map<Role, Integer> unmet) {
    this.rolesByMember = rolesByMember;
    this.assignedByMember = assignedByMember;
    this.unmet = unmet;
  }

  /** Plans roles over {@code members} (those leaving already left out). Roles not in {@code desired} run pinned only. */
  public static Assignment plan(Collection<NodeSpec> members, Map<Role, Integer> desired) {
    List<NodeSpec> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparingInt(NodeSpec::seniority).thenComparing(NodeSpec::id));
    Map<String, Set<Role>> roles = new TreeMap<>();
    Map<String, Set<Role>> assigned = new TreeMap<>();
    Set<Role> allRoles = EnumSet.noneOf(Role.class);
    allRoles.addAll(desired.keySet());
    for (NodeSpec m : sorted) {
      roles.put(m.id(), m.pinned().isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(m.pinned()));
      assigned.put(m.id(), EnumSet.noneOf(Role.class));
      allRoles.addAll(m.pinned());
    }
    Map<Role, Integer> unmet = new TreeMap<>();
    for (Role role : allRoles) {
      long pinned = sorted.stream().filter(m -> m.pinned().contains(role)).count();
      int need = (int) Math.max(0, desired.getOrDefault(role, 0) - pinned);
      List<NodeSpec> candidates = new ArrayList<>();
      for (NodeSpec m : sorted) {
        boolean full = m.capacity() != NodeSpec.UNLIMITED && assigned.get(m.id()).size() >= m.capacity();
        if (m.eligible() && !full && !m.pinned().contains(role)) {
          candidates.add(m);
        }
      }
      // Stable sort: equal loads keep the join order.
      candidates.sort(Comparator.comparingInt(m -> roles.get(m.id()).size()));
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
  public Set<Role> rolesOf(String memberId) {
    return rolesByMember.getOrDefault(memberId, Set.of());
  }

  /** The roles the cluster gave the member on top of its pinned ones. */
  public Set<Role> assignedTo(String memberId) {
    return assignedByMember.getOrDefault(memberId, Set.of());
  }

  /** Members that should run {@code role}, sorted by id. */
  public List<String> holders(Role role) {
    List<String> out = new ArrayList<>();
    rolesByMember.forEach((id, r) -> {
      if (r.contains(role)) {
        out.add(id);
      }
    });
    return out;
  }

  /** Instances wanted but not placeable (too few eligible members), per role. */
  public Map<Role, Integer> unmet() {
    return unmet;
  }
}
