package io.weft.sampling.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.config.FileNode;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.sampling.tail.Policy.Decision;
import io.weft.testing.TestSpans;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailConfigTest {
  static final String FILE = """
      decision_wait: 2s
      num_traces: 1000
      decision_cache: {sampled_cache_size: 10, non_sampled_cache_size: 20}
      policies:
        - name: errors
          type: status_code
          status_code: {status_codes: [ERROR]}
        - name: slow
          type: latency
          latency: {threshold_ms: 2000}
        - name: slow-span
          type: latency
          latency: {threshold_ms: 500, upper_threshold_ms: 1000, scope: span}
        - name: vip
          type: string_attribute
          string_attribute: {key: customer, values: ["^vip-"], enabled_regex_matching: true}
        - name: big-order
          type: numeric_attribute
          numeric_attribute: {key: amount, min_value: 1000, max_value: 5000}
        - name: debug
          type: boolean_attribute
          boolean_attribute: {key: debug, value: true}
        - name: eu
          type: string_attribute
          string_attribute: {key: region, values: [eu-1, eu-2]}
        - name: big
          type: span_count
          span_count: {min_spans: 50}
        - name: some
          type: probabilistic
          probabilistic: {sampling_percentage: 5}
        - name: health-and-fast
          type: drop
          drop:
            drop_sub_policy:
              - {name: health, type: string_attribute, string_attribute: {key: http.target, values: [/health]}}
              - {name: fast, type: latency, latency: {threshold_ms: 0, upper_threshold_ms: 100}}
      """;

  static TailConfig parse(String text) {
    return TailConfig.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  static Span span(TraceId t, long id, long parent, long durationMs, Tag... tags) {
    return TestSpans.of(t, id, parent, "shop", "op" + id).startTimeMicros(1_000_000 + id)
        .durationMicros(durationMs * 1000).tags(List.of(tags)).build();
  }

  static Decision eval(TailConfig c, String policy, List<Span> spans) {
    Policy p = c.policies().stream().filter(x -> x.name().equals(policy)).findFirst().orElseThrow();
    return p.evaluate(new TraceView(spans.get(0).traceId(), spans), 0);
  }

  @Test
  void readsTheFileAndEachPolicyMatches() {
    TailConfig c = parse(FILE);
    assertEquals(2000, c.decisionWaitMs());
    assertEquals(1000, c.numTraces());
    assertEquals(10, c.sampledCacheSize());
    assertEquals(10, c.policies().size());
    TraceId t = TestSpans.newTraceId();
    Span plain = span(t, 1, 0, 10);
    assertEquals(Decision.NOT_SAMPLED, eval(c, "errors", List.of(plain)));
    assertEquals(Decision.SAMPLED, eval(c, "errors", List.of(plain,
        span(t, 2, 1, 1).toBuilder().status(StatusCode.ERROR, "boom").build())));
    assertEquals(Decision.SAMPLED, eval(c, "errors", List.of(plain, span(t, 2, 1, 1, Tag.bool("error", true)))),
        "Jaeger's error tag");
    assertEquals(Decision.SAMPLED, eval(c, "slow", List.of(span(t, 1, 0, 2500))));
    assertEquals(Decision.SAMPLED, eval(c, "slow", List.of(span(t, 1, 0, 10),
        span(t, 2, 1, 10).toBuilder().startTimeMicros(3_000_000).build())), "first start to last end");
    assertEquals(Decision.SAMPLED, eval(c, "slow-span", List.of(plain, span(t, 2, 1, 700))));
    assertEquals(Decision.NOT_SAMPLED, eval(c, "slow-span", List.of(plain, span(t, 2, 1, 1000))), "upper bound");
    assertEquals(Decision.SAMPLED, eval(c, "vip", List.of(span(t, 1, 0, 1, Tag.string("customer", "vip-42")))));
    assertEquals(Decision.NOT_SAMPLED, eval(c, "vip", List.of(span(t, 1, 0, 1, Tag.string("customer", "42")))));
    assertEquals(Decision.SAMPLED, eval(c, "big-order", List.of(span(t, 1, 0, 1, Tag.int64("amount", 1200)))));
    assertEquals(Decision.SAMPLED, eval(c, "big-order", List.of(span(t, 1, 0, 1, Tag.float64("amount", 5000.0)))));
    assertEquals(Decision.NOT_SAMPLED, eval(c, "big-order", List.of(span(t, 1, 0, 1, Tag.int64("amount", 5001)))));
    assertEquals(Decision.SAMPLED, eval(c, "debug", List.of(span(t, 1, 0, 1, Tag.bool("debug", true)))));
    Span eu = plain.toBuilder().process(new Process("shop", List.of(Tag.string("region", "eu-2")))).build();
    assertEquals(Decision.SAMPLED, eval(c, "eu", List.of(eu)), "a resource attribute");
    List<Span> many = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      many.add(span(t, i, i == 1 ? 0 : 1, 1));
    }
    assertEquals(Decision.SAMPLED, eval(c, "big", many));
    assertEquals(Decision.DROPPED, eval(c, "health-and-fast", List.of(span(t, 1, 0, 5,
        Tag.string("http.target", "/health")))));
    assertEquals(Decision.NOT_SAMPLED, eval(c, "health-and-fast", List.of(span(t, 1, 0, 500,
        Tag.string("http.target", "/health")))), "every sub-policy must match");
  }

  @Test
  void probabilisticKeepsItsShareByTraceId() {
    TailConfig c = parse(FILE);
    int kept = 0;
    for (int i = 0; i < 20_000; i++) {
      if (eval(c, "some", List.of(span(TestSpans.newTraceId(), 1, 0, 1))) == Decision.SAMPLED) {
        kept++;
      }
    }
    assertEquals(1000, kept, 150, "5% of 20,000 (a binomial's sd is 31)");
    TraceId t = TestSpans.newTraceId();
    assertEquals(eval(c, "some", List.of(span(t, 1, 0, 1))), eval(c, "some", List.of(span(t, 2, 0, 1))),
        "the same trace id, the same choice");
  }

  @Test
  void rateLimitingCountsTracesPerService() {
    TailConfig c = parse("policies: [{name: cap, type: rate_limiting, rate_limiting: {traces_per_second: 2}}]");
    Policy p = c.policies().get(0);
    TraceView a = new TraceView(TestSpans.newTraceId(), List.of(span(TestSpans.newTraceId(), 1, 0, 1)));
    TraceView b = new TraceView(TestSpans.newTraceId(),
        List.of(TestSpans.of(TestSpans.newTraceId(), 1, 0, "other", "x").build()));
    long t0 = 5_000_000_000L;
    assertEquals(List.of(Decision.SAMPLED, Decision.SAMPLED, Decision.NOT_SAMPLED, Decision.SAMPLED),
        List.of(p.evaluate(a, t0), p.evaluate(a, t0), p.evaluate(a, t0), p.evaluate(b, t0)));
    assertEquals(Decision.SAMPLED, p.evaluate(a, t0 + 600_000_000L), "refilled after half a second");
  }

  @Test
  void perSecondBudgetsAreEachTenants() {
    TailConfig c = parse("""
        policies:
          - {name: cap, type: rate_limiting, rate_limiting: {traces_per_second: 1}}
          - name: budget
            type: composite
            composite:
              max_total_spans_per_second: 1
              policy_order: [all]
              composite_sub_policy: [{name: all, type: always_sample}]
        """);
    TraceId id = TestSpans.newTraceId();
    List<Span> spans = List.of(span(id, 1, 0, 1));
    long t0 = 5_000_000_000L;
    for (Policy p : c.policies()) {
      TraceView a = new TraceView("team-a", id, spans);
      TraceView b = new TraceView("team-b", id, spans);
      assertEquals(List.of(Decision.SAMPLED, Decision.NOT_SAMPLED, Decision.SAMPLED, Decision.NOT_SAMPLED),
          List.of(p.evaluate(a, t0), p.evaluate(a, t0), p.evaluate(b, t0), p.evaluate(b, t0)),
          p.name() + ": team-a's use leaves team-b's budget whole");
    }
  }

  @Test
  void andAndComposite() {
    TailConfig c = parse("""
        policies:
          - name: slow-errors
            type: and
            and: {and_sub_policy: [{name: e, type: status_code, status_code: {status_codes: [ERROR]}},
                                   {name: s, type: latency, latency: {threshold_ms: 100}}]}
          - name: budget
            type: composite
            composite:
              max_total_spans_per_second: 4
              policy_order: [errors, all]
              composite_sub_policy:
                - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                - {name: all, type: always_sample}
              rate_allocation: [{policy: errors, percent: 50}]
        """);
    TraceId t = TestSpans.newTraceId();
    Span err = span(t, 1, 0, 200).toBuilder().status(StatusCode.ERROR, "").build();
    assertEquals(Decision.SAMPLED, eval(c, "slow-errors", List.of(err)));
    assertEquals(Decision.NOT_SAMPLED, eval(c, "slow-errors", List.of(span(t, 1, 0, 200))));
    Policy budget = c.policies().get(1);
    TraceView e = new TraceView(t, List.of(err, err));
    assertEquals(List.of(Decision.SAMPLED, Decision.SAMPLED, Decision.NOT_SAMPLED),
        List.of(budget.evaluate(e, 0), budget.evaluate(e, 0), budget.evaluate(e, 0)),
        "2 spans/s for errors, then the rest (2/s) for all: two traces of two spans a second");
    assertEquals(Decision.SAMPLED, budget.evaluate(e, 1_000_000_000L), "the next second");
  }

  @Test
  void aBadFileNamesTheLineAndTheReason() {
    assertEquals("line 4: policies[0].type: unknown policy type 'error' (use one of always_sample, status_code, "
        + "latency, string_attribute, numeric_attribute, boolean_attribute, span_count, probabilistic, rate_limiting, "
        + "and, drop, composite)", message("""
        decision_wait: 10s
        policies:
          - name: errors
            type: error
        """));
    assertEquals("line 5: policies[1].probabilistic.sampling_percentage: must be between 0 and 100, got 150.0",
        message("""
        policies:
          - {name: a, type: always_sample}
          - name: b
            type: probabilistic
            probabilistic: {sampling_percentage: 150}
        """));
    assertEquals("line 1: decision_wiat: unknown setting (expected one of decision_wait, num_traces, "
        + "max_buffered_bytes, expected_new_traces_per_sec, decision_cache, policies)", message("decision_wiat: 5s\n"));
    assertEquals("line 3: policies[1].name: a second policy named 'a'", message("""
        policies:
          - {name: a, type: always_sample}
          - {name: a, type: always_sample}
        """));
    assertEquals("line 2: policies[0].string_attribute.values[0]: not a regular expression: Unclosed group",
        message("policies:\n  - {name: r, type: string_attribute, string_attribute: {key: k, values: ['(a'], "
            + "enabled_regex_matching: true}}\n"));
    assertEquals("line 1: policies: at least one policy is required", message("policies: []\n"));
    assertTrue(message("policies:\n  - [name: x\n").startsWith("line 3: not YAML"), "an unclosed list, at the end");
  }

  static String message(String text) {
    return assertThrows(FileNode.Problem.class, () -> parse(text)).getMessage();
  }
}
