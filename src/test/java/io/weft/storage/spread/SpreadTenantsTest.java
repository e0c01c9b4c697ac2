package io.weft.storage.spread;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.storage.SpanStore;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.testing.TestSpans;
import io.weft.wire.Addresses;
import io.weft.wire.SpanBatch;
import io.weft.wire.SpanBatchCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The spread store's tenants on one (local) event bus, two members each keeping a memory store per tenant:
 * writes of the same trace ids by two tenants land in each tenant's store on the owner, reads answer from
 * the caller's tenant only, a refused tenant gets 403, and a leaving member's handoff keeps each tenant's
 * spans that tenant's. (Separate JVMs: io.weft.it.TenancyClusterTest.)
 */
@ExtendWith(VertxExtension.class)
class SpreadTenantsTest {
  static Vertx vertx;

  @BeforeAll
  static void startVertx(Vertx v) {
    vertx = v;
    vertx.eventBus().registerDefaultCodec(SpanBatch.class, new SpanBatchCodec());
  }

  /** A member: its own store, a store per tenant (made on first use), tenant "refused" refused. */
  record Member(String id, MemorySpanStore own, Map<String, SpanStore> tenants, SpreadStore spread) {
    SpanStore of(String tenant) {
      if (tenant == null) {
        return own;
      }
      if (tenant.equals("refused")) {
        throw new IllegalArgumentException("tenant 'refused' is not allowed here");
      }
      synchronized (tenants) {
        return tenants.computeIfAbsent(tenant, t -> new MemorySpanStore(1000));
      }
    }
  }

  @Test
  void tenantsKeepTheirOwnStoresOnEveryMember() throws Exception {
    List<String> ids = List.of("tenants-m1", "tenants-m2");
    List<Member> members = new ArrayList<>();
    for (String id : ids) {
      MemorySpanStore own = new MemorySpanStore(1000);
      Member m = new Member(id, own, new HashMap<>(), new SpreadStore(vertx, id, own, () -> ids, 5000, new WeftMetrics()));
      await(SpreadStore.serve(vertx, id, m::of, null));
      m.spread().owners(ids);
      members.add(m);
    }
    Member m1 = members.get(0);
    Member m2 = members.get(1);
    List<TraceId> traces = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      TraceId t = TestSpans.newTraceId();
      traces.add(t);
      Member via = members.get(i % 2);
      await(via.spread().writer("a", via.of("a")).write(List.of(span(t, 1, "svc-a"), span(t, 2, "svc-a"))));
      await(via.spread().writer("b", via.of("b")).write(List.of(span(t, 1, "svc-b"))));
    }
    assertTrue(count(m1, "a") > 0 && count(m2, "a") > 0, "a's traces on both members");
    assertEquals(16, count(m1, "a") + count(m2, "a"));
    assertEquals(16, count(m1, "b") + count(m2, "b"));
    assertEquals(0, m1.own().traceCount() + m2.own().traceCount(), "nothing in the members' own stores");

    for (Member via : members) {
      for (TraceId t : traces) {
        assertEquals(Set.of("svc-a"), services(await(via.spread().reader("a").getTrace(t))));
        assertEquals(2, await(via.spread().reader("a").getTrace(t)).size());
        assertEquals(Set.of("svc-b"), services(await(via.spread().reader("b").getTrace(t))));
      }
      assertEquals(List.of("svc-a"), await(via.spread().reader("a").getServices()));
      assertEquals(List.of("svc-b"), await(via.spread().reader("b").getServices()));
      assertEquals(List.of(), await(via.spread().reader().getServices()), "the members' own stores: empty");
    }

    Throwable err = assertThrows(AssertionError.class, () -> await(vertx.eventBus().request(
        Addresses.storeRead(m2.id()), StoreMessages.request(StoreMessages.SERVICES),
        new DeliveryOptions().addHeader(StoreMessages.TENANT, "refused"))));
    while (err != null && !(err instanceof ReplyException)) {
      err = err.getCause();
    }
    assertEquals(403, ((ReplyException) err).failureCode(), err.getMessage());

    // m2 leaves: its tenants' traces go to m1, each into m1's store of that tenant.
    await(m2.spread().handOff(List.of(m1.id()), System.nanoTime() + 20_000_000_000L, m2.tenants()));
    assertEquals(16, count(m1, "a"));
    assertEquals(16, count(m1, "b"));
    for (TraceId t : traces) {
      assertEquals(Set.of("svc-a"), services(await(m1.of("a").getTrace(t))));
      assertEquals(Set.of("svc-b"), services(await(m1.of("b").getTrace(t))));
    }
  }

  private static int count(Member m, String tenant) {
    return ((MemorySpanStore) m.of(tenant)).traceCount();
  }

  private static Span span(TraceId trace, long id, String service) {
    return TestSpans.of(trace, id, id == 1 ? 0 : 1, service, "op").startTimeMicros(System.currentTimeMillis() * 1000)
        .durationMicros(1000).build();
  }

  private static Set<String> services(List<Span> spans) {
    Set<String> out = new TreeSet<>();
    spans.forEach(s -> out.add(s.serviceName()));
    return out;
  }
}
