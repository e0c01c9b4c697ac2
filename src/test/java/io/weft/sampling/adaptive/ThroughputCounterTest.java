package io.weft.sampling.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.testing.TestSpans;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThroughputCounterTest {
  static Span root(String svc, String op, Tag... tags) {
    return TestSpans.of(TestSpans.newTraceId(), 1, 0, svc, op).tags(List.of(tags)).build();
  }

  @Test
  void countsRootSpansAsJaegerDoes() {
    ThroughputCounter c = new ThroughputCounter(true, (svc, op) -> 0.25);
    TraceId t = TestSpans.newTraceId();
    c.record(List.of(
        root("a", "GET", Tag.string("sampler.type", "probabilistic"), Tag.float64("sampler.param", 0.5)),
        root("a", "GET", Tag.string("sampler.type", "probabilistic"), Tag.string("sampler.param", "0.5")),
        root("a", "GET", Tag.string("sampler.type", "lowerbound"), Tag.float64("sampler.param", 0.5)),
        root("a", "GET", Tag.string("sampler.type", "whatever"), Tag.float64("sampler.param", 1)),
        root("a", "GET", Tag.string("sampler.type", "probabilistic"), Tag.string("sampler.param", "x")),
        root("b", "POST"), // OpenTelemetry: no sampler tags
        TestSpans.of(t, 2, 1, "a", "child").tags(List.of(Tag.string("sampler.type", "probabilistic"),
            Tag.float64("sampler.param", 0.5))).build(),
        root("", "nameless-service")));
    List<Throughput> out = c.flush();
    assertEquals(Set.of(new Throughput("a", "GET", 2, Set.of("0.500000")),
        new Throughput("b", "POST", 1, Set.of("0.250000"))), Set.copyOf(out));
    assertEquals(List.of(), c.flush(), "a flush starts afresh");
  }

  @Test
  void untaggedRootsAreIgnoredWhenAskedLikeJaeger() {
    ThroughputCounter c = new ThroughputCounter(false, (svc, op) -> 0.25);
    c.record(List.of(root("b", "POST"), root("b", "POST", Tag.string("sampler.type", "ratelimiting"),
        Tag.int64("sampler.param", 2))));
    assertEquals(List.of(new Throughput("b", "POST", 0, Set.of("2.000000"))), c.flush(),
        "rate-limited: the operation is known, nothing counted");
  }

  @Test
  void underTenancyTenantsServicesOfOneNameAreCountedApart() {
    TenantKeys keys = new TenantKeys(true);
    java.util.Map<String, Double> served = java.util.Map.of("team-a/shop", 0.5, "team-b/shop", 0.1);
    ThroughputCounter c = new ThroughputCounter(true, (svc, op) -> served.get(svc));
    c.record(keys, "team-a", List.of(root("shop", "GET"), root("shop", "GET")));
    c.record(keys, "team-b", List.of(root("shop", "GET")));
    java.util.Map<String, Throughput> byService = new java.util.HashMap<>();
    c.flush().forEach(t -> byService.put(t.service(), t));
    assertEquals(java.util.Set.of("team-a/shop", "team-b/shop"), byService.keySet());
    assertEquals(2, byService.get("team-a/shop").count());
    assertEquals(java.util.Set.of("0.500000"), byService.get("team-a/shop").probabilities(),
        "the rate served to that tenant");
    assertEquals(java.util.Set.of("0.100000"), byService.get("team-b/shop").probabilities());
    assertEquals("team-a", keys.tenant("team-a/a/b"));
    assertEquals("a/b", keys.service("team-a/a/b"), "a service name may hold a slash; a tenant's cannot");
    TenantKeys none = new TenantKeys(false);
    assertEquals("a/b", none.of("single-tenant", "a/b"), "without tenancy a service is its own key");
    assertEquals("a/b", none.service("a/b"));
  }
}
