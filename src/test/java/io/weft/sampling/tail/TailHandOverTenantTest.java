package io.weft.sampling.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import io.weft.model.DependencyLink;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.model.TraceId;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.tenant.PerTenant;
import io.weft.testing.Metrics;
import io.weft.testing.TestSpans;
import io.weft.testing.Wait;
import io.weft.wire.SpanBatch;
import io.weft.wire.SpanBatchCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The collectors' tail writer under tenancy, two members ("a", "b") on one Vert.x's event bus, each with
 * its own sampler and its own stores per tenant (memory): spans of two tenants with the same trace ids,
 * written through member a, go to each trace's owner naming their tenant; when b leaves the owners, it
 * hands what it buffered to a, tenant kept. Every team-a trace (with an error) is stored whole in a's
 * team-a store; no team-b trace is stored anywhere, and its links are recorded in team-b's store only.
 * (The multi-JVM cluster path is the same code over the clustered bus: {@code TailSamplingClusterTest}.)
 */
class TailHandOverTenantTest {
  static final int TRACES = 60;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Wait.await(vertx.close());
  }

  /** One member: its tail writer over its own per-tenant memory stores. */
  record Member(TailSamplingWriter writer, PerTenant<MemorySpanStore> stores, WeftMetrics metrics) {}

  Member member(String id, Path policy) {
    WeftMetrics m = new WeftMetrics();
    TailSampling tail = TailSampling.from(WeftConfig.defaults().with(Map.of("sampling.tail.policy-file",
        policy.toString(), "tenancy.enabled", "true")), m);
    PerTenant<MemorySpanStore> stores = new PerTenant<>(t -> new MemorySpanStore(10_000));
    return new Member(new TailSamplingWriter(vertx, tail, stores::of, id, 5000), stores, m);
  }

  @Test
  void handedOverSpansKeepTheirTenant() throws Exception {
    vertx.eventBus().registerDefaultCodec(SpanBatch.class, new SpanBatchCodec());
    Path policy = Files.createTempFile("weft-tail-tenants-", ".yaml");
    Files.writeString(policy, """
        decision_wait: 2s
        policies:
          - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
        """);
    Member a = member("a", policy);
    Member b = member("b", policy);
    a.writer().owners(List.of("a", "b"));
    b.writer().owners(List.of("a", "b"));
    List<TraceId> ids = new ArrayList<>();
    List<Span> teamA = new ArrayList<>();
    List<Span> teamB = new ArrayList<>();
    long now = System.currentTimeMillis() * 1000;
    for (int i = 0; i < TRACES; i++) {
      TraceId id = TestSpans.newTraceId();
      ids.add(id);
      teamA.add(TestSpans.of(id, 1, 0, "front", "GET").startTimeMicros(now).durationMicros(10).build());
      teamA.add(TestSpans.of(id, 2, 1, "pay", "charge").startTimeMicros(now).durationMicros(5)
          .status(StatusCode.ERROR, "boom").build());
      teamB.add(TestSpans.of(id, 1, 0, "front", "GET").startTimeMicros(now).durationMicros(10).build());
      teamB.add(TestSpans.of(id, 2, 1, "pay", "charge").startTimeMicros(now).durationMicros(5).build());
    }
    Wait.await(a.writer().forTenant("team-a").write(teamA));
    Wait.await(a.writer().forTenant("team-b").write(teamB));
    double forwarded = Metrics.value(a.metrics().scrape(), "weft_tail_sampling_forwarded_spans_total",
        "outcome=\"ok\"");
    assertTrue(forwarded > 0 && forwarded < 4 * TRACES, "b owns some of the traces: " + forwarded);
    // b leaves the owners before deciding: what it buffered goes to a, each trace with its tenant.
    b.writer().owners(List.of("a"));
    a.writer().owners(List.of("a"));
    Wait.until("every trace of both tenants decided on a", 30, () -> {
      String m = a.metrics().scrape();
      return Metrics.value(m, "weft_tail_sampling_traces_total", "tenant=\"team-a\"") == TRACES
          && Metrics.value(m, "weft_tail_sampling_traces_total", "tenant=\"team-b\"") == TRACES;
    });
    assertEquals(0, Metrics.value(b.metrics().scrape(), "weft_tail_sampling_traces_total"), "b decided nothing");
    assertEquals(forwarded, Metrics.value(b.metrics().scrape(), "weft_tail_sampling_handed_over_spans_total"),
        "b handed back every span it was given");
    for (TraceId id : ids) {
      List<Span> kept = Wait.forValue("team-a's trace " + id.toHex(), 10, () -> {
        List<Span> t = Wait.await(a.stores().of("team-a").getTrace(id));
        return t != null && t.size() == 2 ? t : null;
      });
      assertTrue(kept.stream().anyMatch(s -> s.statusCode() == StatusCode.ERROR), "team-a's own spans");
      assertEquals(List.of(), orEmpty(Wait.await(a.stores().of("team-b").getTrace(id))), "team-b keeps nothing");
    }
    assertEquals(Map.of("team-a", a.stores().of("team-a"), "team-b", a.stores().of("team-b")).keySet(),
        a.stores().made().keySet(), "a wrote to those two tenants' stores only");
    long end = now + 60_000_000;
    Wait.until("team-b's dropped traces' links in team-b's store", 10,
        () -> calls(a.stores().of("team-b"), end) == TRACES);
    assertEquals(TRACES, calls(a.stores().of("team-a"), end), "team-a's graph: its own traces only");
  }

  private static List<Span> orEmpty(List<Span> spans) {
    return spans == null ? List.of() : spans;
  }

  private static long calls(MemorySpanStore store, long endMicros) {
    return Wait.await(store.getDependencies(endMicros, 3_600_000_000L)).stream()
        .filter(l -> l.parent().equals("front") && l.child().equals("pay")).mapToLong(DependencyLink::callCount).sum();
  }
}
