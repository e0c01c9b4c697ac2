package io.weft.storage.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TenantKeyspacesTest {
  @Test
  void plainNamesStayReadableOthersGetTheirHash() {
    assertEquals("weft_team_a", TenantKeyspaces.of("weft", "team_a"));
    String dashed = TenantKeyspaces.of("weft", "team-a");
    assertTrue(dashed.matches("weft_team_a_[0-9a-f]{8}"), dashed);
    assertNotEquals(TenantKeyspaces.of("weft", "Team-A"), dashed, "case differs: CQL names do not");
  }

  @Test
  void longNamesFitCql() {
    String t = "a".repeat(64);
    String ks = TenantKeyspaces.of("weft", t);
    assertTrue(ks.length() <= 48 && ks.matches("[a-z][a-z0-9_]*"), ks);
    assertNotEquals(ks, TenantKeyspaces.of("weft", "a".repeat(63)));
  }
}
