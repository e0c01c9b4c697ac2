package io.weft.sampling.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.metrics.WeftMetrics;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.model.TraceId;
import io.weft.tenant.TenancySettings;
import io.weft.testing.Metrics;
import io.weft.testing.TestSpans;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TailSamplerTest {
  static final long S = 1_000_000_000L;

  static TailSampler sampler(String config, WeftMetrics m) {
    TailConfig c = TailConfig.parse(config.getBytes(StandardCharsets.UTF_8));
    return new TailSampler(() -> c, new TailMetrics(m));
  }

  static final String ERRORS = """
      decision_wait: 10s
      num_traces: 3
      decision_cache: {sampled_cache_size: 100, non_sampled_cache_size: 100}
      policies:
        - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
        - name: no-health
          type: drop
          drop: {drop_sub_policy: [{name: h, type: string_attribute,
                                    string_attribute: {key: http.target, values: [/health]}}]}
      """;

  static Span span(TraceId t, long id, boolean error) {
    Span.Builder b = TestSpans.of(t, id, id == 1 ? 0 : 1, "svc", "op");
    return (error ? b.status(StatusCode.ERROR, "") : b).build();
  }

  @Test
  void aTraceIsDecidedWholeAfterTheWaitAndLateSpansFollow() {
    WeftMetrics m = new WeftMetrics();
    TailSampler s = sampler(ERRORS, m);
    TraceId bad = TestSpans.newTraceId();
    TraceId good = TestSpans.newTraceId();
    s.add(List.of(span(bad, 1, false), span(good, 1, false)), 0, 0, null, null);
    s.add(List.of(span(bad, 2, true), span(good, 2, false)), 5 * S, 0, null, null);
    assertEquals(List.of(), s.due(9 * S));
    assertEquals(4, s.spans());
    List<TailSampler.Decided> d = s.due(10 * S);
    assertEquals(2, d.size());
    TailSampler.Decided kept = d.stream().filter(TailSampler.Decided::keep).findFirst().orElseThrow();
    assertEquals(bad, kept.id());
    assertEquals(2, kept.spans().size(), "the error came with the second span: the whole trace is kept");
    assertEquals(0, s.traces());
    TailSampler.Added late = s.add(List.of(span(bad, 3, false), span(good, 3, false)), 11 * S, 0, null, null);
    assertEquals(1, late.keptLate().size(), "the kept trace's late span is written at once");
    assertEquals(bad, late.keptLate().get(0).traceId());
    assertEquals(0, s.traces(), "the dropped trace's late span is dropped, not buffered");
    String text = m.scrape();
    assertEquals(1, Metrics.value(text, "weft_tail_sampling_policy_decisions_total", "decision=\"sampled\",policy=\"errors\""));
    assertEquals(1, Metrics.value(text, "weft_tail_sampling_late_spans_total", "decision=\"not_sampled\""));
    assertEquals(1, Metrics.value(text, "weft_tail_sampling_traces_total", "decision=\"sampled\""));
  }

  @Test
  void dropRulesWin() {
    TailSampler s = sampler(ERRORS, new WeftMetrics());
    TraceId t = TestSpans.newTraceId();
    s.add(List.of(span(t, 1, true).toBuilder().tags(List.of(io.weft.model.Tag.string("http.target", "/health")))
        .build()), 0, 0, null, null);
    assertEquals(false, s.due(10 * S).get(0).keep(), "an error on /health: the drop rule wins");
  }

  @Test
  void whenFullTheOldestAreDecidedEarlyAndCounted() {
    WeftMetrics m = new WeftMetrics();
    TailSampler s = sampler(ERRORS, m);
    TraceId first = TestSpans.newTraceId();
    s.add(List.of(span(first, 1, true)), 0, 0, null, null);
    s.add(List.of(span(TestSpans.newTraceId(), 1, false)), 1, 0, null, null);
    s.add(List.of(span(TestSpans.newTraceId(), 1, false)), 2, 0, null, null);
    TailSampler.Added a = s.add(List.of(span(TestSpans.newTraceId(), 1, false)), 3, 0, null, null);
    assertEquals(1, a.early().size());
    assertEquals(first, a.early().get(0).id());
    assertTrue(a.early().get(0).keep());
    assertEquals(3, s.traces());
    assertEquals(1, Metrics.value(m.scrape(), "weft_tail_sampling_early_decisions_total", "reason=\"max-traces\""));

    TailSampler bytes = sampler("max_buffered_bytes: 400\npolicies: [{name: all, type: always_sample}]\n", m);
    bytes.add(List.of(span(TestSpans.newTraceId(), 1, false)), 0, 0, null, null);
    long one = bytes.bytes();
    assertTrue(one > TailSampler.ENTRY_BYTES && one < 400, "one trace of one span: " + one);
    bytes.add(List.of(span(TestSpans.newTraceId(), 1, false), span(TestSpans.newTraceId(), 1, false)), 0, 0, null,
        null);
    assertTrue(bytes.bytes() <= 400 && bytes.traces() == 1, "bytes " + bytes.bytes());
    assertEquals(2, Metrics.value(m.scrape(), "weft_tail_sampling_early_decisions_total", "reason=\"max-bytes\""),
        "three traces of one span do not fit: the two oldest are decided");
  }

  @Test
  void waitersRunOncePerTraceAndRevokedPartitionsLeaveUndecided() {
    TailSampler s = sampler(ERRORS, new WeftMetrics());
    AtomicInteger settled = new AtomicInteger();
    Runnable batch = settled::incrementAndGet;
    TraceId a = TestSpans.newTraceId();
    TraceId b = TestSpans.newTraceId();
    TailSampler.Added added = s.add(List.of(span(a, 1, false), span(a, 2, false), span(b, 1, false)), 0, 0, "p0",
        batch);
    assertEquals(2, added.waiting());
    assertEquals(0, s.add(List.of(span(a, 3, false)), 0, 0, "p0", batch).waiting(), "already waiting on a");
    s.add(List.of(span(TestSpans.newTraceId(), 1, false)), 0, 0, "p1", batch);
    List<TailSampler.Decided> revoked = s.remove(id -> true, "p1"::equals);
    assertEquals(1, revoked.size());
    assertEquals(2, s.traces());
    s.due(10 * S).forEach(TailSampler.Decided::settle);
    assertEquals(2, settled.get());
  }

  /** A partition reader's answers, set by the test. */
  static final class Reads implements PartitionReads {
    long readAllAt = Long.MIN_VALUE;
    boolean stalled;
    boolean endUnknown;

    @Override
    public boolean readAll(Object partition, long sinceNanos) {
      return readAllAt != Long.MIN_VALUE && readAllAt >= sinceNanos;
    }

    @Override
    public boolean stalled(Object partition) {
      return stalled;
    }

    @Override
    public boolean endUnknown(Object partition, long sinceNanos) {
      return endUnknown;
    }
  }

  static final String ROOMY = ERRORS.replace("num_traces: 3", "num_traces: 100");

  /** Span {@code spanId} of trace {@code id} in a record produced at {@code recordMs}, read from {@code partition} at {@code nowNanos}. */
  static void read(TailSampler s, long nowNanos, String partition, TraceId id, long spanId, boolean error, long recordMs) {
    read(s, TenancySettings.IMPLICIT, nowNanos, partition, id, spanId, error, recordMs);
  }

  /** As {@link #read(TailSampler, long, String, TraceId, long, boolean, long)}, a record of {@code tenant}'s. */
  static void read(TailSampler s, String tenant, long nowNanos, String partition, TraceId id, long spanId,
      boolean error, long recordMs) {
    TailSampler.Key key = new TailSampler.Key(tenant, id);
    s.add(tenant, List.of(span(id, spanId, error)), nowNanos, 0, partition, null,
        new TailSampler.RecordTimes(new java.util.HashMap<>(java.util.Map.of(key, recordMs)), recordMs));
  }

  @Test
  void aPartitionReadSlowlyDecidesInRecordTime() {
    WeftMetrics m = new WeftMetrics();
    TailSampler s = sampler(ROOMY, m);
    Reads reads = new Reads();
    TraceId slowRead = TestSpans.newTraceId();
    // Produced at 1 000 ms, read at once; its error span was produced 8 s later but is read only 15 s later.
    read(s, 0, "p0", slowRead, 1, false, 1_000);
    read(s, 1 * S, "p0", TestSpans.newTraceId(), 1, false, 6_000);
    assertEquals(List.of(), s.due(11 * S, reads), "10 s of wall clock, but only 5 s of the partition read");
    TraceId fast = TestSpans.newTraceId();
    read(s, 2 * S, "p1", fast, 1, false, 1_000);
    read(s, 3 * S, "p1", TestSpans.newTraceId(), 1, false, 11_000);
    List<TailSampler.Decided> d = s.due(12 * S, reads);
    assertEquals(List.of(fast), d.stream().map(TailSampler.Decided::id).toList(),
        "p1 read 10 s of records past its trace: decided though p0's older trace is not");
    read(s, 15 * S, "p0", slowRead, 2, true, 9_000);
    assertEquals(List.of(), s.due(16 * S, reads));
    read(s, 20 * S, "p0", TestSpans.newTraceId(), 1, false, 11_000);
    d = s.due(20 * S, reads);
    assertEquals(List.of(slowRead), d.stream().map(TailSampler.Decided::id).toList(),
        "p0's clock passed 1 000 + 10 000 ms: the first trace is due, the one produced at 6 000 is not");
    assertTrue(d.get(0).keep(), "decided with its error span, read 15 s after its first");
    assertEquals(2, d.get(0).spans().size());
    assertEquals(0, Metrics.value(m.scrape(), "weft_tail_sampling_late_spans_total", "decision=\"not_sampled\""));
  }

  @Test
  void anIdlePartitionReadToItsEndDecidesOnTheWallClock() {
    WeftMetrics m = new WeftMetrics();
    TailSampler s = sampler(ROOMY, m);
    Reads reads = new Reads();
    TraceId t = TestSpans.newTraceId();
    read(s, 0, "p0", t, 1, true, 1_000);
    assertEquals(List.of(), s.due(20 * S, reads), "nothing known of the partition's end: its clock stands still");
    reads.readAllAt = 9 * S;
    assertEquals(List.of(), s.due(20 * S, reads), "read to its end before the wait was over: more may have come");
    reads.readAllAt = 10 * S;
    assertEquals(List.of(t), s.due(20 * S, reads).stream().map(TailSampler.Decided::id).toList(),
        "read to its end 10 s after the trace was first read: due");

    TraceId stuck = TestSpans.newTraceId();
    read(s, 30 * S, "p0", stuck, 1, false, 2_000);
    reads.stalled = true;
    assertEquals(List.of(), s.due(39 * S, reads), "a stalled reader's traces still wait out the wall clock");
    assertEquals(List.of(stuck), s.due(40 * S, reads).stream().map(TailSampler.Decided::id).toList());
    assertEquals(1, Metrics.value(m.scrape(), "weft_tail_sampling_early_decisions_total", "reason=\"reader-full\""));
  }

  @Test
  void aPartitionWhoseEndIsUnknownFallsBackToTheWallClock() {
    WeftMetrics m = new WeftMetrics();
    TailSampler s = sampler(ROOMY, m);
    Reads reads = new Reads();
    TraceId t = TestSpans.newTraceId();
    read(s, 0, "p0", t, 1, true, 1_000);
    reads.endUnknown = true;
    assertEquals(List.of(), s.due(9 * S, reads), "the wall-clock wait is not over");
    List<TailSampler.Decided> d = s.due(10 * S, reads);
    assertEquals(List.of(t), d.stream().map(TailSampler.Decided::id).toList());
    assertTrue(d.get(0).keep());
    assertEquals(1, Metrics.value(m.scrape(), "weft_tail_sampling_early_decisions_total", "reason=\"end-unknown\""));
  }

  @Test
  void aRevokedPartitionsClockIsForgotten() {
    TailSampler s = sampler(ROOMY, new WeftMetrics());
    TraceId t = TestSpans.newTraceId();
    read(s, 0, "p0", t, 1, false, 50_000);
    s.remove(id -> true, "p0"::equals);
    // Read again from the committed offset by the next owner (or this ingester): the clock starts anew.
    read(s, 1 * S, "p0", t, 1, false, 1_000);
    assertEquals(List.of(), s.due(12 * S, new Reads()));
  }

  @Test
  void tenantsOfOnePartitionShareItsClockButEachTraceKeepsItsOwnRecordTime() {
    WeftMetrics m = new WeftMetrics();
    TailConfig c = TailConfig.parse(ROOMY.getBytes(StandardCharsets.UTF_8));
    TailSampler s = new TailSampler(() -> c, new TailMetrics(m, true));
    Reads reads = new Reads();
    TraceId same = TestSpans.newTraceId();
    read(s, "team-a", 0, "p0", same, 1, true, 1_000);
    read(s, "team-b", 0, "p0", same, 1, false, 5_000);
    read(s, "team-b", 1 * S, "p0", TestSpans.newTraceId(), 1, false, 11_000);
    List<TailSampler.Decided> d = s.due(12 * S, reads);
    assertEquals(List.of("team-a"), d.stream().map(TailSampler.Decided::tenant).toList(),
        "another tenant's record moved p0's clock past team-a's trace; team-b's of the same id waits");
    assertTrue(d.get(0).keep());
    read(s, "team-a", 13 * S, "p0", TestSpans.newTraceId(), 1, false, 15_000);
    d = s.due(13 * S, reads);
    assertEquals(1, d.size());
    assertEquals("team-b", d.get(0).tenant());
    assertEquals(same, d.get(0).id());
    assertEquals(false, d.get(0).keep(), "team-b's trace has no error: not team-a's decision");
    assertEquals(1, Metrics.value(m.scrape(), "weft_tail_sampling_traces_total",
        "decision=\"sampled\",tenant=\"team-a\""));
  }

  @Test
  void tenantsWithTheSameTraceIdNeverShareSpansOrADecision() {
    WeftMetrics m = new WeftMetrics();
    TailConfig c = TailConfig.parse(ERRORS.getBytes(StandardCharsets.UTF_8));
    TailSampler s = new TailSampler(() -> c, new TailMetrics(m, true));
    TraceId same = TestSpans.newTraceId();
    s.add("team-a", List.of(span(same, 1, false)), 0, 0, null, null);
    s.add("team-b", List.of(span(same, 1, false), span(same, 2, false)), 0, 0, null, null);
    s.add("team-a", List.of(span(same, 2, true)), S, 0, null, null);
    assertEquals(2, s.traces(), "one trace id, two tenants: two traces");
    List<TailSampler.Decided> d = s.due(10 * S);
    assertEquals(2, d.size());
    TailSampler.Decided a = d.stream().filter(x -> x.tenant().equals("team-a")).findFirst().orElseThrow();
    TailSampler.Decided b = d.stream().filter(x -> x.tenant().equals("team-b")).findFirst().orElseThrow();
    assertTrue(a.keep(), "team-a's trace has the error");
    assertEquals(2, a.spans().size());
    assertTrue(a.spans().stream().anyMatch(x -> x.statusCode() == StatusCode.ERROR));
    assertEquals(false, b.keep(), "team-b's trace of the same id has none: not team-a's decision");
    assertEquals(2, b.spans().size());
    assertTrue(b.spans().stream().noneMatch(x -> x.statusCode() == StatusCode.ERROR), "no span of team-a's");
    // Late spans follow their own tenant's decision.
    TailSampler.Added lateA = s.add("team-a", List.of(span(same, 3, false)), 11 * S, 0, null, null);
    TailSampler.Added lateB = s.add("team-b", List.of(span(same, 3, false)), 11 * S, 0, null, null);
    assertEquals(1, lateA.keptLate().size());
    assertEquals(0, lateA.droppedLate().size());
    assertEquals(0, lateB.keptLate().size());
    assertEquals(1, lateB.droppedLate().size());
    s.add("team-c", List.of(span(same, 3, false)), 11 * S, 0, null, null);
    assertEquals(1, s.traces(), "a third tenant's span of that id starts a trace of its own");
    String text = m.scrape();
    assertEquals(1, Metrics.value(text, "weft_tail_sampling_traces_total", "decision=\"sampled\",tenant=\"team-a\""));
    assertEquals(1, Metrics.value(text, "weft_tail_sampling_traces_total", "decision=\"not_sampled\",tenant=\"team-b\""));
    assertEquals(0, Metrics.value(text, "weft_tail_sampling_traces_total", "decision=\"sampled\",tenant=\"team-b\""));
    assertEquals(1, Metrics.value(text, "weft_tail_sampling_late_spans_total",
        "decision=\"not_sampled\",tenant=\"team-b\""));
    assertEquals(1, Metrics.value(text, "weft_tail_sampling_policy_decisions_total",
        "decision=\"sampled\",policy=\"errors\",tenant=\"team-a\""));
  }

  @Test
  void revokedTracesKeepTheirTenant() {
    TailSampler s = sampler(ERRORS, new WeftMetrics());
    TraceId same = TestSpans.newTraceId();
    s.add("team-a", List.of(span(same, 1, false)), 0, 0, "p0", null);
    s.add("team-b", List.of(span(same, 1, false)), 0, 0, "p0", null);
    List<TailSampler.Decided> out = s.remove(id -> true, "p0"::equals);
    assertEquals(java.util.Set.of("team-a", "team-b"),
        out.stream().map(TailSampler.Decided::tenant).collect(java.util.stream.Collectors.toSet()));
    assertEquals(0, s.traces());
  }
}
