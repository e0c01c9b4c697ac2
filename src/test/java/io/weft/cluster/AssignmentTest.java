package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  private static NodeSpec pinned(String id, String... roles) {
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

  private static int count(Assignment a, String role) {
    return a.holders(role).size();
  }

  @Test
  void pinnedRolesCountFirstAndStay() {
    List<NodeSpec> m = joined(pinned("a", "collector"), any("b"), any("c"), pinned("q", "query"));
    Assignment a = Assignment.plan(m, Map.of("collector", 2, "query", 1));
    assertEquals(Set.of("collector"), a.rolesOf("a"));
    assertEquals(Set.of("query"), a.rolesOf("q"));
    assertEquals(2, count(a, "collector"));
    assertEquals(1, count(a, "query"), "the pinned query node already satisfies the count");
    assertEquals(Set.of(), a.assignedTo("a"));
    // Fewer desired than pinned: pinned roles still run.
    Assignment b = Assignment.plan(m, Map.of("collector", 0));
    assertEquals(Set.of("collector"), b.rolesOf("a"));
    assertEquals(Set.of(), b.rolesOf("b"));
  }

  @Test
  void sameInputSamePlanWhateverTheOrder() {
    List<NodeSpec> m = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      m.add((i % 3 == 0 ? pinned("n" + i, "collector") : any("n" + i)).withSeniority(6 - i));
    }
    Map<String, Integer> want = Map.of("collector", 4, "query", 2, "ingester", 2);
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
    Assignment a = Assignment.plan(m, Map.of("collector", 3, "ingester", 2));
    for (NodeSpec n : m) {
      assertEquals(1, a.rolesOf(n.id()).size(), "one role each: " + n.id());
    }
  }

  @Test
  void unmetWhenTooFewEligibleMembers() {
    Assignment a = Assignment.plan(joined(any("a"), pinned("b", "query")), Map.of("collector", 3));
    assertEquals(1, count(a, "collector"), "a role runs at most once per member");
    assertEquals(Map.of("collector", 2), a.unmet());
  }

  @Test
  void spareCapacityIsRespected() {
    NodeSpec spare = new NodeSpec("s", Set.of("collector"), 1);
    Assignment a = Assignment.plan(List.of(spare), Map.of("query", 1, "ingester", 1));
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
    Map<String, Integer> want = Map.of("collector", 3);
    Assignment before = Assignment.plan(m, want);
    String gone = before.holders("collector").get(0);
    m.removeIf(n -> n.id().equals(gone));
    Assignment after = Assignment.plan(m, want);
    assertEquals(3, count(after, "collector"));
    for (String h : before.holders("collector")) {
      if (!h.equals(gone)) {
        assertTrue(after.holders("collector").contains(h), "survivor " + h + " keeps its collector");
      }
    }
  }

  @Test
  void aNewcomerTakesNoRoleFromAMemberRunningIt() {
    Map<String, Integer> want = Map.of("collector", 1, "query", 1);
    List<NodeSpec> m = new ArrayList<>(joined(any("zz"), any("yy")));
    Assignment before = Assignment.plan(m, want);
    assertEquals(Set.of("collector"), before.rolesOf("zz"), "the oldest takes the first role");
    assertEquals(Set.of("query"), before.rolesOf("yy"), "the next idle member the second");
    m.add(any("aa").withSeniority(2)); // sorts first by id, but joined last
    Assignment after = Assignment.plan(m, want);
    assertEquals(before.rolesOf("zz"), after.rolesOf("zz"));
    assertEquals(before.rolesOf("yy"), after.rolesOf("yy"));
    assertEquals(Set.of(), after.rolesOf("aa"));
  }
}
