package io.weft.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.MultiMap;
import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantResolverTest {
  private static TenancySettings settings(Map<String, String> m) {
    return TenancySettings.from(WeftConfig.defaults().with(m));
  }

  private static MultiMap headers(String... kv) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < kv.length; i += 2) {
      h.add(kv[i], kv[i + 1]);
    }
    return h;
  }

  @Test
  void offByDefaultEveryRequestIsTheImplicitTenant() {
    TenantResolver r = new TenantResolver(TenancySettings.from(WeftConfig.defaults()), null);
    assertEquals(false, r.enabled());
    assertEquals(TenancySettings.IMPLICIT, r.resolve(headers("x-tenant", "a")));
    assertEquals(TenancySettings.IMPLICIT, r.resolve(headers()));
  }

  @Test
  void headerThenTempoHeaderThenDefault() {
    TenantResolver r = new TenantResolver(settings(Map.of("tenancy.enabled", "true", "tenancy.default", "shared")), null);
    assertEquals("team-a", r.resolve(headers("X-Tenant", "team-a", "X-Scope-OrgID", "team-b")));
    assertEquals("team-b", r.resolve(headers("X-Scope-OrgID", "team-b")));
    assertEquals("shared", r.resolve(headers()));
    assertEquals("shared", r.check(null));
  }

  @Test
  void configuredHeaderName() {
    TenantResolver r = new TenantResolver(settings(Map.of("tenancy.enabled", "true", "tenancy.header", "X-Org")), null);
    assertEquals("o1", r.resolve(headers("x-org", "o1")));
    assertEquals("o2", r.resolve(headers("x-org", " o2 ", "x-tenant", "ignored")));
  }

  @Test
  void refusalsCarryStatusAndAreCounted() {
    PrometheusMeterRegistry reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TenantResolver r = new TenantResolver(settings(Map.of("tenancy.enabled", "true", "tenancy.tenants", "a,b")), reg);
    assertEquals("a", r.resolve(headers("x-tenant", "a")));
    TenantRefusedException missing = assertThrows(TenantRefusedException.class, () -> r.resolve(headers()));
    assertEquals(401, missing.httpStatus());
    assertEquals(16, missing.grpcCode());
    TenantRefusedException other = assertThrows(TenantRefusedException.class, () -> r.resolve(headers("x-tenant", "c")));
    assertEquals(403, other.httpStatus());
    assertEquals(7, other.grpcCode());
    TenantRefusedException bad = assertThrows(TenantRefusedException.class,
        () -> r.resolve(headers("x-tenant", "../etc")));
    assertEquals(400, bad.httpStatus());
    assertTrue(reg.scrape().contains("weft_tenant_refused_total{reason=\"not-allowed\"} 1.0"), reg.scrape());
  }

  @Test
  void tokenTenantWinsAndAConflictingHeaderIsRefused() {
    TenantResolver r = new TenantResolver(settings(Map.of("tenancy.enabled", "true")), null);
    assertEquals("t", r.resolve("t", headers()));
    assertEquals("t", r.resolve("t", headers("x-tenant", "t")));
    assertEquals(403, assertThrows(TenantRefusedException.class, () -> r.resolve("t", headers("x-tenant", "u")))
        .httpStatus());
  }

  @Test
  void theAuthGatesTokenTenantHeaderWins() {
    TenantResolver r = new TenantResolver(settings(Map.of("tenancy.enabled", "true")), null);
    assertEquals("t", r.resolve(headers(TenantResolver.TOKEN_TENANT_HEADER, "t", "x-scope-orgid", "t")));
    assertEquals(403, assertThrows(TenantRefusedException.class, () -> r.resolve(
        headers(TenantResolver.TOKEN_TENANT_HEADER, "t", "x-tenant", "u"))).httpStatus());
    assertEquals("t", r.resolveNamed("t", null));
    assertEquals("u", r.resolveNamed(null, "u"));
    assertEquals(403, assertThrows(TenantRefusedException.class, () -> r.resolveNamed("t", "u")).httpStatus());
    assertEquals(io.weft.auth.AuthGate.TENANT_HEADER, TenantResolver.TOKEN_TENANT_HEADER, "the gate's header");
  }

  @Test
  void withoutAListTheNumberOfTenantsIsBounded() {
    TenantResolver r = new TenantResolver(settings(Map.of("tenancy.enabled", "true", "tenancy.max-tenants", "2")), null);
    r.check("a");
    r.check("b");
    r.check("a");
    assertEquals(403, assertThrows(TenantRefusedException.class, () -> r.check("c")).httpStatus());
  }

  @Test
  void limitsAndOverrides() {
    TenancySettings s = settings(Map.of("tenancy.enabled", "true", "tenancy.ingest.spans-per-second", "100",
        "tenancy.overrides", "team-a.spans-per-second=5,team-a.ttl=7d,team-b.max-spans-per-trace=3"));
    assertEquals(new TenantLimits(5, 0, 0, 7 * 86400), s.limitsOf("team-a"));
    assertEquals(new TenantLimits(100, 0, 3, 0), s.limitsOf("team-b"));
    assertEquals(new TenantLimits(100, 0, 0, 0), s.limitsOf("other"));
    assertTrue(s.anyIngestLimit());
  }

  @Test
  void metricSeriesPerTenantDefaultToTheNodesSpanMetricsLimit() {
    TenancySettings s = settings(Map.of("tenancy.enabled", "true", "tenancy.max-metric-series", "500",
        "tenancy.overrides", "team-a.max-metric-series=20,team-a.spans-per-second=5"));
    assertEquals(new TenantLimits(5, 0, 0, 0, 20), s.limitsOf("team-a"));
    assertEquals(500, s.limitsOf("other").maxMetricSeries());
    assertEquals(20, s.limitsOf("team-a").metricSeriesOr(10_000));
    TenancySettings none = settings(Map.of("tenancy.enabled", "true"));
    assertEquals(10_000, none.limitsOf("other").metricSeriesOr(10_000), "0: span-metrics.max-series");
    assertFalse(none.anyIngestLimit(), "a series limit is no ingest limit");
    for (String bad : java.util.List.of("team-a.max-metric-series=-1", "team-a.max-metric-series=lots",
        "team-a.max-metric-series=3000000000")) {
      assertThrows(ConfigException.class, () -> settings(Map.of("tenancy.enabled", "true", "tenancy.overrides", bad)),
          bad);
    }
    assertThrows(ConfigException.class, () -> settings(Map.of("tenancy.enabled", "true",
        "tenancy.max-metric-series", "-2")));
  }

  @Test
  void badSettingsFailAtStart() {
    for (Map<String, String> bad : java.util.List.of(
        Map.of("tenancy.enabled", "true", "tenancy.tenants", "a,b c"),
        Map.of("tenancy.enabled", "true", "tenancy.tenants", "a", "tenancy.default", "b"),
        Map.of("tenancy.enabled", "true", "tenancy.overrides", "a.speed=3"),
        Map.of("tenancy.enabled", "true", "tenancy.overrides", "a-spans"),
        Map.of("tenancy.enabled", "true", "tenancy.ingest.bytes-per-second", "-1"))) {
      assertThrows(ConfigException.class, () -> settings(bad), bad.toString());
    }
  }
}
