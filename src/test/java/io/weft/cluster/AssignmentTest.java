package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.role.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssignmentTest {
  private static NodeSpec any(String id) {
    return new NodeSpec(id, Set.of(), NodeSpec.UNLIMITED);
  }

  private static NodeSpec pinned(String id, Role... roles) {
    return new NodeSpec(id, Set.of(roles), 0);
  }

  /** Members in join order: the first is the oldest. */
  private static List<NodeSpec> joined(NodeSpec... m) {
    List<NodeSpec> out = new ArrayList<>();
    for (int i = 0; i < m.length; i++) {
      out.add(m[i].withSeniority(i));
    }
    return out;
  }

  private static int count(Assignment a, Role role) {
    return a.holders(role).size();
  }

  @Test
  void pinnedRolesCountFirstAndStay() {
    List<NodeSpec> m = joined(pinned("a", Role.COLLECTOR), any("b"), any("c"), pinned("q", Role.QUERY));
    Assignment a = Assignment.plan(m, Map.of(Role.COLLECTOR, 2, Role.QUERY, 1));
    assertEquals(Set.of(Role.COLLECTOR), a.rolesOf("a"));
    assertEquals(Set.of(Role.QUERY), a.rolesOf("q"));
    assertEquals(2, count(a, Role.COLLECTOR));
    assertEquals(1, count(a, Role.QUERY), "the pinned query node already satisfies the count");
    assertEquals(Set.of(), a.assignedTo("a"));
    // Fewer desired than pinned: pinned roles still run.
    Assignment b = Assignment.plan(m, Map.of(Role.COLLECTOR, 0));
    assertEquals(Set.of(Role.COLLECTOR), b.rolesOf("a"));
    assertEquals(Set.of(), b.rolesOf("b"));
  }

  @Test
  void sameInputSamePlanWhateverTheOrder() {
    List<NodeSpec> m = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      m.add((i % 3 == 0 ? pinned("n" + i, Role.COLLECTOR) : any("n" + i)).withSeniority(6 - i));
    }
    Map<Role, Integer> want = Map.of(Role.COLLECTOR, 4, Role.QUERY, 2, Role.INGESTER, 2);
    Assignment first = Assignment.plan(m, want);
    Random rnd = new Random(1);
    for (int k = 0; k < 20; k++) {
      Collections.shuffle(m, rnd);
      Assignment again = Assignment.plan(m, new HashMap<>(want));
      for (NodeSpec n : m) {
        assertEquals(first.rolesOf(n.id()), again.rolesOf(n.id()), n.id());
      }
    }
  }

  @Test
  void spreadsRolesOverIdleMembers() {
    List<NodeSpec> m = joined(any("a"), any("b"), any("c"), any("d"), any("e"));
    Assignment a = Assignment.plan(m, Map.of(Role.COLLECTOR, 3, Role.INGESTER, 2));
    for (NodeSpec n : m) {
      assertEquals(1, a.rolesOf(n.id()).size(), "one role each: " + n.id());
    }
  }

  @Test
  void unmetWhenTooFewEligibleMembers() {
    Assignment a = Assignment.plan(joined(any("a"), pinned("b", Role.QUERY)), Map.of(Role.COLLECTOR, 3));
    assertEquals(1, count(a, Role.COLLECTOR), "a role runs at most once per member");
    assertEquals(Map.of(Role.COLLECTOR, 2), a.unmet());
  }

  @Test
  void spareCapacityIsRespected() {
    NodeSpec spare = new NodeSpec("s", Set.of(Role.COLLECTOR), 1);
    Assignment a = Assignment.plan(List.of(spare), Map.of(Role.QUERY, 1, Role.INGESTER, 1));
    assertEquals(1, a.assignedTo("s").size());
    assertEquals(2, a.rolesOf("s").size());
    assertEquals(1, a.unmet().values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void aLeavingMemberMovesOnlyItsOwnRoles() {
    List<NodeSpec> m = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      m.add(any("m" + i).withSeniority(i));
    }
    Map<Role, Integer> want = Map.of(Role.COLLECTOR, 3);
    Assignment before = Assignment.plan(m, want);
    String gone = before.holders(Role.COLLECTOR).get(0);
    m.removeIf(n -> n.id().equals(gone));
    Assignment after = Assignment.plan(m, want);
    assertEquals(3, count(after, Role.COLLECTOR));
    for (String h : before.holders(Role.COLLECTOR)) {
      if (!h.equals(gone)) {
        assertTrue(after.holders(Role.COLLECTOR).contains(h), "survivor " + h + " keeps its collector");
      }
    }
  }

  @Test
  void aNewcomerTakesNoRoleFromAMemberRunningIt() {
    Map<Role, Integer> want = Map.of(Role.COLLECTOR, 1, Role.QUERY, 1);
    List<NodeSpec> m = new ArrayList<>(joined(any("zz"), any("yy")));
    Assignment before = Assignment.plan(m, want);
    assertEquals(Set.of(Role.COLLECTOR), before.rolesOf("zz"), "the oldest takes the first role");
    assertEquals(Set.of(Role.QUERY), before.rolesOf("yy"), "the next idle member the second");
    m.add(any("aa").withSeniority(2)); // sorts first by id, but joined last
    Assignment after = Assignment.plan(m, want);
    assertEquals(before.rolesOf("zz"), after.rolesOf("zz"));
    assertEquals(before.rolesOf("yy"), after.rolesOf("yy"));
    assertEquals(Set.of(), after.rolesOf("aa"));
  }
}
