package io.weft.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterSecretTest {
  @Test
  void aProofCoversTheNonceAndTheAttributesThatDecideRoles() {
    ClusterSecret s = ClusterSecret.of("s3cret");
    String p = s.proof("n1", "collector", "2", "10.0.0.1:14269");
    assertEquals(p, ClusterSecret.of("s3cret").proof("n1", "collector", "2", "10.0.0.1:14269"));
    assertNotEquals(p, ClusterSecret.of("other").proof("n1", "collector", "2", "10.0.0.1:14269"));
    assertNotEquals(p, s.proof("n2", "collector", "2", "10.0.0.1:14269"));
    assertNotEquals(p, s.proof("n1", "collector,query", "2", "10.0.0.1:14269"));
    assertNotEquals(p, s.proof("n1", "collector", "3", "10.0.0.1:14269"));
    assertTrue(s.enabled());
    assertFalse(ClusterSecret.of("").enabled());
    assertEquals("(cluster secret set)", s.toString(), "never printed");
  }
}
