package io.weft.tracegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.codec.JaegerThriftDecoder;
import io.weft.codec.OtlpDecoder;
import io.weft.codec.ZipkinDecoder;
import io.weft.model.Span;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bodies tracegen sends, decoded as Weft's receivers decode them: exactly the planned spans, every
 * trace whole with the planned size, a trace larger than a batch under one id across its parts.
 */
class RequestBodiesTest {

  /** Spans per trace id, in the order the traces were first seen, over every request of the plan. */
  static Map<TraceId, Set<Long>> send(String protocol, String... flags) {
    List<String> args = new ArrayList<>(List.of("--protocol=" + protocol));
    args.addAll(List.of(flags));
    TraceGenSettings s = TraceGenSettings.parse(args);
    RequestPlan plan = new RequestPlan(s.batch(), s.spansPerTrace(), s.spans(), s.rate());
    RequestBodies bodies = new RequestBodies(new TracePayloads(s, 5), new SplittableRandom(6));
    Map<TraceId, Set<Long>> traces = new LinkedHashMap<>();
    for (RequestPlan.Request r = plan.peek(); r != null; r = plan.peek()) {
      plan.take();
      byte[] body = bodies.body(r, new byte[16]);
      List<Span> spans = switch (protocol) {
        case "otlp-grpc" -> OtlpDecoder.decodeProto(body);
        case "zipkin-json" -> ZipkinDecoder.decodeJson(body);
        default -> JaegerThriftDecoder.decodeEmitBatch(body, true);
      };
      assertEquals(r.spans(), spans.size(), protocol + " " + r);
      for (Span sp : spans) {
        traces.computeIfAbsent(sp.traceId(), k -> new HashSet<>()).add(sp.spanId());
      }
    }
    return traces;
  }

  static List<Integer> sizes(Map<TraceId, Set<Long>> traces) {
    return traces.values().stream().map(Set::size).toList();
  }

  @Test
  void traceLargerThanTheBatchArrivesWholeUnderOneId() {
    for (String protocol : List.of("otlp-grpc", "zipkin-json", "jaeger-udp")) {
      assertEquals(List.of(30, 30, 15), sizes(send(protocol, "--batch=8", "--spans-per-trace=30", "--spans=75")),
          protocol);
    }
  }

  @Test
  void batchNotAMultipleOfTheTraceSizeSendsWholeTraces() {
    for (String protocol : List.of("otlp-grpc", "zipkin-json", "jaeger-udp")) {
      assertEquals(List.of(7, 7, 7, 7, 7, 7, 3), sizes(send(protocol, "--batch=20", "--spans-per-trace=7", "--spans=45")),
          protocol);
    }
  }

  @Test
  void fortySpansAreFortySpans() {
    Map<TraceId, Set<Long>> traces = send("otlp-grpc", "--spans=40");
    assertEquals(List.of(8, 8, 8, 8, 8), sizes(traces));
  }

  @Test
  void everyRequestGetsFreshTraceIds() {
    Map<TraceId, Set<Long>> traces = send("otlp-grpc", "--batch=16", "--spans-per-trace=4", "--spans=4000");
    assertEquals(1000, traces.size(), "1,000 traces of 4 spans, no id reused");
  }

  /** Every span of the plan, decoded from OTLP. */
  static List<Span> spans(String... flags) {
    List<String> args = new ArrayList<>(List.of("--protocol=otlp-grpc"));
    args.addAll(List.of(flags));
    TraceGenSettings s = TraceGenSettings.parse(args);
    RequestPlan plan = new RequestPlan(s.batch(), s.spansPerTrace(), s.spans(), s.rate());
    RequestBodies bodies = new RequestBodies(new TracePayloads(s, 5), new SplittableRandom(6));
    List<Span> out = new ArrayList<>();
    for (RequestPlan.Request r = plan.peek(); r != null; r = plan.peek()) {
      plan.take();
      out.addAll(OtlpDecoder.decodeProto(bodies.body(r, new byte[16])));
    }
    return out;
  }

  @Test
  void backfillSpreadsStartTimesOverTheWindow() {
    long now = System.currentTimeMillis();
    // 1 h: 240 templates, one per 15 s; 240 requests send each once.
    List<Span> spans = spans("--backfill=1h", "--batch=64", "--spans=" + 64 * 240);
    Set<Long> quarterMinutes = new HashSet<>();
    for (Span sp : spans) {
      long startMs = sp.startTimeMicros() / 1000;
      assertTrue(startMs > now - 3_600_000 - 1000 && startMs <= System.currentTimeMillis(), "start " + startMs);
      quarterMinutes.add((now - startMs) / 15_000);
    }
    assertTrue(quarterMinutes.size() >= 235, "spans in " + quarterMinutes.size() + " of the hour's 240 steps");
  }

  @Test
  void withoutBackfillSpansStartNow() {
    long now = System.currentTimeMillis();
    for (Span sp : spans("--spans=800")) {
      assertTrue(sp.startTimeMicros() / 1000 > now - 60_000, "start " + sp.startTimeMicros());
    }
  }

  @Test
  void operationsGivesThatManySpanNames() {
    Set<String> names = new HashSet<>();
    for (Span sp : spans("--operations=100", "--services=1", "--spans=20000")) {
      names.add(sp.operationName());
    }
    assertEquals(100, names.size());
    assertTrue(names.contains("op-0") && names.contains("op-99"), names.toString());
    Set<String> fixed = new HashSet<>();
    spans("--spans=800").forEach(sp -> fixed.add(sp.operationName()));
    assertEquals(8, fixed.size(), fixed.toString());
  }

  @Test
  void manyOperationsOverSeveralServicesAreAllSent() {
    // 2,500 names x 4 services: 156 templates of 512 spans, every one sent once.
    Set<String> pairs = new HashSet<>();
    for (Span sp : spans("--operations=2500", "--services=4", "--spans=" + 512 * 156)) {
      pairs.add(sp.serviceName() + " " + sp.operationName());
    }
    assertTrue(pairs.size() >= 9_900, pairs.size() + " of 10,000 service and name pairs");
  }
}
