package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.storage.opensearch.OpenSearchTestNode;
import io.weft.storage.tenant.TenantIndexPrefixes;
import io.weft.testing.Wait;
import io.weft.testing.ZipkinJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Tenancy on the real OpenSearch node: each tenant's spans go to indices of its own prefix (a name not
 * already lower case gets its CRC), and every read answers from the caller's indices only.
 */
class TenancyOpenSearchTest {
  @Test
  void tenantsWriteAndReadTheirOwnIndices() throws Exception {
    OpenSearchTestNode os = OpenSearchTestNode.shared();
    String base = "tn" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 40);
    try (TestNode node = TestNode.start(os.options(Map.of("span-storage.type", "opensearch",
        "opensearch.index.prefix", base, "tenancy.enabled", "true", "tenancy.tenants", "team-a,Team_B",
        "span-metrics.enabled", "false")))) {
      String a = ZipkinJson.newTraceId();
      String b = ZipkinJson.newTraceId();
      assertEquals(202, TenantHttp.post("team-a", node.zipkin, "/api/v2/spans", "application/json", ZipkinJson.json(
          ZipkinJson.span(a, ZipkinJson.spanId(), null, "svc-a", "op-a")).getBytes(StandardCharsets.UTF_8)).statusCode());
      assertEquals(202, TenantHttp.post("Team_B", node.zipkin, "/api/v2/spans", "application/json", ZipkinJson.json(
          ZipkinJson.span(b, ZipkinJson.spanId(), null, "svc-b", "op-b")).getBytes(StandardCharsets.UTF_8)).statusCode());
      for (String[] own : new String[][] {{"team-a", a, b, "svc-a", "svc-b"}, {"Team_B", b, a, "svc-b", "svc-a"}}) {
        Wait.until(own[0] + "'s trace", 30, () -> TenantHttp.get(own[0], node.query, "/api/traces/" + own[1])
            .statusCode() == 200);
        assertEquals(404, TenantHttp.get(own[0], node.query, "/api/traces/" + own[2]).statusCode());
        String services = TenantHttp.json(own[0], node.query, "/api/services").encode();
        assertTrue(services.contains(own[3]), services);
        assertFalse(services.contains(own[4]), services);
        String found = TenantHttp.json(own[0], node.query, "/api/traces?service=" + own[4] + "&lookback=1h").encode();
        assertFalse(found.contains(own[2]), found);
      }
      String prefixB = TenantIndexPrefixes.of(base, "Team_B");
      assertTrue(prefixB.matches(base + "-team_b-[0-9a-f]{8}"), prefixB);
      for (String prefix : new String[] {TenantIndexPrefixes.of(base, "team-a"), prefixB}) {
        String indices = os.request("GET", "/_cat/indices/" + prefix + "-weft-span-*?format=json", null).body();
        assertTrue(indices.contains(prefix + "-weft-span-"), prefix + ": " + indices);
      }
    }
  }
}
