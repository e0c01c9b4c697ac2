package io.weft.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weft.config.WeftConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a hand-moved clock: what passes, what is refused, and the Retry-After it says. */
class IngestLimitsTest {
  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  IngestLimits limits(Map<String, String> options) {
    TenancySettings s = TenancySettings.from(WeftConfig.defaults().with(options));
    return new IngestLimits(s, registry, clock::get);
  }

  @Test
  void spansPerSecondRefillOverTime() {
    IngestLimits l = limits(Map.of("tenancy.enabled", "true", "tenancy.ingest.spans-per-second", "100"));
    l.admit("a", 60, 0);
    l.admit("a", 40, 0);
    RateLimitedException e = assertThrows(RateLimitedException.class, () -> l.admit("a", 50, 0));
    assertEquals(1, e.retryAfterSeconds());
    l.admit("b", 100, 0); // another tenant has its own bucket
    clock.addAndGet(500_000_000L); // half a second: 50 spans back
    l.admit("a", 50, 0);
    assertThrows(RateLimitedException.class, () -> l.admit("a", 1, 0));
    assertTrue(registry.scrape().contains(
        "weft_tenant_refused_requests_total{limit=\"spans-per-second\",tenant=\"a\"} 2.0"), registry.scrape());
    assertTrue(registry.scrape().contains("weft_tenant_spans_received_total{tenant=\"a\"} 201.0"), registry.scrape());
  }

  @Test
  void aRequestLargerThanOneSecondPassesOnlyFromAFullBucketAndLeavesDebt() {
    IngestLimits l = limits(Map.of("tenancy.enabled", "true", "tenancy.ingest.bytes-per-second", "1000"));
    l.admit("a", 1, 5000);
    RateLimitedException e = assertThrows(RateLimitedException.class, () -> l.admit("a", 1, 10));
    assertEquals(5, e.retryAfterSeconds(), "4000 bytes of debt and 10 more at 1000/s");
    clock.addAndGet(5_000_000_000L);
    l.admit("a", 1, 10);
  }

  @Test
  void overridesGiveATenantItsOwnLimit() {
    IngestLimits l = limits(Map.of("tenancy.enabled", "true", "tenancy.ingest.spans-per-second", "10",
        "tenancy.overrides", "big.spans-per-second=1000"));
    l.admit("big", 900, 0);
    l.admit("small", 10, 0);
    assertThrows(RateLimitedException.class, () -> l.admit("small", 5, 0));
  }
}
