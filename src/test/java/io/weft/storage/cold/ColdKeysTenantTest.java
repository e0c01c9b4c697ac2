package io.weft.storage.cold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** A tenant's object prefix: kept when already safe and lower case, else lower-cased, escaped and made unique by a CRC. */
class ColdKeysTenantTest {
  @Test
  void aSafeLowerCaseNameIsKept() {
    assertEquals("weft/tenants/team-a/", ColdKeys.tenantPrefix("weft/", "team-a"));
    assertEquals("tenants/t_1/", ColdKeys.tenantPrefix("", "t_1"));
  }

  @Test
  void otherNamesGetTheirCrcAndNeverMeet() {
    String upper = ColdKeys.tenantPrefix("weft/", "Team_B");
    assertEquals("weft/tenants/team_b-" + crc("Team_B") + "/", upper);
    assertNotEquals(ColdKeys.tenantPrefix("weft/", "team_b"), upper, "case never merges two tenants");
    String odd = ColdKeys.tenantPrefix("weft/", "a/b.c");
    assertEquals("weft/tenants/a%2Fb%2Ec-" + crc("a/b.c") + "/", odd);
    assertTrue(new ColdKeys(odd).blocks().startsWith(odd) && !odd.substring("weft/tenants/".length(), odd.length() - 1)
        .contains("/"), "one path segment: " + odd);
  }

  private static String crc(String s) {
    CRC32 c = new CRC32();
    c.update(s.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", c.getValue());
  }
}
