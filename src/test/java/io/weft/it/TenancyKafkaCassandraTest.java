package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.vertx.cassandra.CassandraClient;
import io.vertx.core.Vertx;
import io.weft.storage.cassandra.CassandraSpanStore;
import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.storage.tenant.TenantKeyspaces;
import io.weft.testing.Wait;
import io.weft.testing.ZipkinJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tenancy through Kafka into Cassandra, with the real broker and the real Cassandra node: a collector
 * writes each tenant's spans with the tenant in a record header, an ingester stores them in the tenant's
 * keyspace with the tenant's TTL, and the query API reads each tenant's keyspace only.
 */
class TenancyKafkaCassandraTest {
  static final String BASE = "weft_tenancy";

  @Test
  void tenantsCrossKafkaIntoTheirOwnKeyspacesWithTheirOwnTtl() throws Exception {
    KafkaTopic topic = KafkaTopic.fresh(2);
    String[] tenancy = {"tenancy.enabled", "true", "tenancy.tenants", "team-a,team_b", "tenancy.overrides",
        "team_b.ttl=1h", "cassandra.keyspace", BASE, "cassandra.ttl", "2d"};
    // Three keyspaces of tables to create (the node's own and one per tenant): longer than a usual start.
    try (TestNode ingester = TestNode.startWithin(topic.intoCassandra("ingester,query", tenancy), 180);
        TestNode collector = TestNode.start(topic.node("collector", tenancy))) {
      String a = ZipkinJson.newTraceId();
      String b = ZipkinJson.newTraceId();
      assertEquals(202, TenantHttp.post("team-a", collector.zipkin, "/api/v2/spans", "application/json", ZipkinJson.json(
          ZipkinJson.span(a, ZipkinJson.spanId(), null, "svc-a", "op")).getBytes(StandardCharsets.UTF_8)).statusCode());
      assertEquals(202, TenantHttp.post("team_b", collector.zipkin, "/api/v2/spans", "application/json", ZipkinJson.json(
          ZipkinJson.span(b, ZipkinJson.spanId(), null, "svc-b", "op")).getBytes(StandardCharsets.UTF_8)).statusCode());
      for (String[] own : new String[][] {{"team-a", a, b}, {"team_b", b, a}}) {
        Wait.until(own[0] + "'s trace through Kafka", 60, () -> {
          try {
            return TenantHttp.get(own[0], ingester.query, "/api/traces/" + own[1]).statusCode() == 200;
          } catch (Exception e) {
            return false;
          }
        });
        assertEquals(404, TenantHttp.get(own[0], ingester.query, "/api/traces/" + own[2]).statusCode());
        // The service's row is written beside the span's (the write is acknowledged once both are): wait for it too.
        String mine = own[0].equals("team-a") ? "svc-a" : "svc-b";
        String services = Wait.forValue(own[0] + "'s service", 30, () -> {
          String s = TenantHttp.json(own[0], ingester.query, "/api/services").encode();
          return s.contains(mine) ? s : null;
        });
        assertFalse(services.contains(own[0].equals("team-a") ? "svc-b" : "svc-a"), services);
      }
      Vertx vertx = Vertx.vertx();
      CassandraClient cql = CassandraClient.create(vertx, CassandraSpanStore.clientOptions(
          CassandraTestNode.shared().settings(Map.of())));
      try {
        String ksA = TenantKeyspaces.of(BASE, "team-a");
        String ksB = TenantKeyspaces.of(BASE, "team_b");
        assertEquals("weft_tenancy_team_b", ksB);
        int ttlA = ttl(cql, ksA);
        int ttlB = ttl(cql, ksB);
        assertTrue(ttlA > 3600 && ttlA <= 2 * 86400, "team-a keeps cassandra.ttl: " + ttlA);
        assertTrue(ttlB > 0 && ttlB <= 3600, "team_b keeps its override, 1h: " + ttlB);
      } finally {
        Wait.await(cql.close());
        Wait.await(vertx.close());
      }
    }
  }

  private static int ttl(CassandraClient cql, String keyspace) {
    List<Row> rows = Wait.await(cql.executeWithFullFetch(SimpleStatement.newInstance(
        "SELECT TTL(spans) FROM " + keyspace + ".trace_chunks LIMIT 1")));
    assertEquals(1, rows.size(), keyspace + " holds the tenant's span");
    return rows.get(0).getInt(0);
  }
}
