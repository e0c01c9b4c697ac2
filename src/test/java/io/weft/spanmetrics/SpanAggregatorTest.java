package io.weft.spanmetrics;

import static io.weft.spanmetrics.Spans.span;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpanAggregatorTest {
  static final long T0 = 1_699_999_980_000L; // a minute boundary

  final AtomicLong now = new AtomicLong(T0 + 60_000);

  SpanAggregator aggregator(int maxSeries, int maxOps) {
    return new SpanAggregator(AggregatorSettings.of(15_000, maxSeries, maxOps), "node-1", now::get);
  }

  static Map<SeriesKey, Cell> bucket(Delta d, long start) {
    for (Delta.Bucket b : d.buckets()) {
      if (b.startMs() == start) {
        return b.series();
      }
    }
    return Map.of();
  }

  @Test
  void countsCallsErrorsAndLatencyPerSeriesAndBucket() {
    SpanAggregator agg = aggregator(1000, 100);
    List<Span> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(span("api", "GET /a", SpanKind.SERVER, T0 + i * 1000, 1000 * (i + 1), i % 5 == 0));
    }
    batch.add(span("api", "GET /a", SpanKind.SERVER, T0 + 20_000, 7000, false)); // next bucket
    batch.add(span("api", "SELECT", SpanKind.CLIENT, T0 + 1000, 500, false, Tag.bool("error", true)));
    agg.record(batch);
    assertEquals(12, agg.pendingCalls(), 1e-9);
    Delta d = agg.drain();
    assertEquals("node-1", d.writer());
    assertEquals(1, d.seq());
    Map<SeriesKey, Cell> first = bucket(d, T0);
    assertEquals(8, first.get(new SeriesKey("api", "GET /a", SpanKind.SERVER, StatusCode.UNSET)).calls());
    assertEquals(2, first.get(new SeriesKey("api", "GET /a", SpanKind.SERVER, StatusCode.ERROR)).calls());
    assertEquals(1, first.get(new SeriesKey("api", "SELECT", SpanKind.CLIENT, StatusCode.ERROR)).calls(),
        "an error tag counts as an error status");
    assertEquals(1, bucket(d, T0 + 15_000).get(new SeriesKey("api", "GET /a", SpanKind.SERVER, StatusCode.UNSET)).calls());
    assertEquals(0, agg.pendingCalls(), 1e-9);
    assertTrue(agg.drain().isEmpty(), "a drain hands over what it took");
    assertEquals(2, agg.drain().seq() - 1);
  }

  @Test
  void aSpanFromTheFutureCountsNow() {
    SpanAggregator agg = aggregator(1000, 100);
    agg.record(List.of(span("api", "x", SpanKind.SERVER, now.get() + 3_600_000, 10, false)));
    Delta d = agg.drain();
    assertEquals(1, d.buckets().size());
    assertEquals(Math.floorDiv(now.get(), 15_000) * 15_000, d.buckets().get(0).startMs());
  }

  @Test
  void uniqueSpanNamesOverflowPerServiceAndInAll() {
    SpanAggregator agg = aggregator(50, 10);
    List<Span> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(span("flood", "GET /user/" + i, SpanKind.SERVER, T0, 10, false));
    }
    agg.record(batch);
    assertEquals(11, agg.seriesCount(), "10 operations and the service's overflow series");
    assertEquals(990, agg.overflowOperations());
    Delta d = agg.drain();
    assertEquals(990, bucket(d, T0).get(new SeriesKey("flood", SeriesKey.OVERFLOW, SpanKind.SERVER, StatusCode.UNSET))
        .calls());
    batch.clear();
    for (int i = 0; i < 100; i++) {
      batch.add(span("svc-" + i, "op", SpanKind.SERVER, T0, 10, false));
    }
    agg.record(batch);
    assertTrue(agg.seriesCount() <= 51, "the node's limit, plus its overflow series");
    assertTrue(agg.overflowSeries() >= 60);
    double overflowCalls = bucket(agg.drain(), T0)
        .get(new SeriesKey(SeriesKey.OVERFLOW, SeriesKey.OVERFLOW, SpanKind.SERVER, StatusCode.UNSET)).calls();
    assertEquals(agg.overflowSeries(), overflowCalls, 1e-9, "nothing is lost, only folded");
  }

  @Test
  void idleSeriesExpireAndGiveTheirSlotBack() {
    SpanAggregator agg = new SpanAggregator(new AggregatorSettings(15_000, 2, 100, 60_000, 100, 10_000), "n",
        now::get);
    agg.record(List.of(span("a", "x", SpanKind.SERVER, T0, 10, false), span("a", "y", SpanKind.SERVER, T0, 10, false)));
    agg.drain();
    now.addAndGet(61_000);
    agg.drain();
    assertEquals(0, agg.seriesCount());
    agg.record(List.of(span("b", "z", SpanKind.SERVER, T0, 10, false)));
    assertEquals(0, agg.overflowSeries());
  }

  @Test
  void headSamplingWeightsSpansAndTheirTrace() {
    SpanAggregator agg = aggregator(1000, 100);
    TraceId t = new TraceId(5, 6);
    Span root = span(t, 1, 0, "jaeger-svc", "root", SpanKind.SERVER, T0, 100, false,
        Tag.string("sampler.type", "probabilistic"), Tag.float64("sampler.param", 0.25));
    Span child = span(t, 2, 1, "jaeger-svc", "child", SpanKind.INTERNAL, T0, 50, false);
    Span otel = span(new TraceId(7, 8), 3, 0, "otel-svc", "op", SpanKind.SERVER, T0, 50, false,
        Tag.string("w3c.tracestate", "ot=th:8"));
    agg.record(List.of(child, root, otel));
    Span later = span(t, 3, 1, "jaeger-svc", "child", SpanKind.INTERNAL, T0, 50, false);
    agg.record(List.of(later));
    Map<SeriesKey, Cell> b = bucket(agg.drain(), T0);
    assertEquals(4, b.get(new SeriesKey("jaeger-svc", "root", SpanKind.SERVER, StatusCode.UNSET)).calls());
    assertEquals(8, b.get(new SeriesKey("jaeger-svc", "child", SpanKind.INTERNAL, StatusCode.UNSET)).calls(),
        "children take their root's weight, in its batch and after");
    assertEquals(2, b.get(new SeriesKey("otel-svc", "op", SpanKind.SERVER, StatusCode.UNSET)).calls());
  }

  @Test
  void clientAndServerHalvesMakeAnEdge() {
    SpanAggregator agg = aggregator(1000, 100);
    TraceId t = new TraceId(1, 2);
    Span client = span(t, 10, 1, "frontend", "call", SpanKind.CLIENT, T0 + 5, 9000, false);
    Span server = span(t, 11, 10, "backend", "handle", SpanKind.SERVER, T0 + 6, 7000, true);
    agg.record(List.of(server)); // halves in either order, in different batches
    agg.record(List.of(client));
    Delta d = agg.drain();
    EdgeCell e = d.buckets().get(0).edges().get(new EdgeKey("frontend", "backend", EdgeKey.DIRECT));
    assertEquals(1, e.calls());
    assertEquals(1, e.failed());
    assertEquals(7000, e.latency().quantile(0.5), 7000 * LatencySketch.RELATIVE_ERROR);
    StringBuilder prom = new StringBuilder();
    agg.prometheus(prom);
    assertTrue(prom.toString().contains(
        "traces_service_graph_request_total{client=\"frontend\",server=\"backend\",connection_type=\"\"} 1\n"), prom.toString());
    assertTrue(prom.toString().contains(
        "traces_service_graph_request_failed_total{client=\"frontend\",server=\"backend\",connection_type=\"\"} 1\n"));
  }

  @Test
  void tenantsSeriesShareOneSetOfFamiliesEachSampleLabelledWithItsTenant() {
    SpanAggregator a = aggregator(1000, 100);
    SpanAggregator b = aggregator(1000, 100);
    a.record(List.of(span("shop", "GET /", SpanKind.SERVER, T0, 1000, false)));
    b.record(List.of(span("shop", "GET /", SpanKind.SERVER, T0, 1000, true),
        span("shop", "GET /", SpanKind.SERVER, T0, 1000, true)));
    TraceId t = new TraceId(3, 4);
    b.record(List.of(span(t, 10, 1, "front", "call", SpanKind.CLIENT, T0, 9000, false),
        span(t, 11, 10, "back", "handle", SpanKind.SERVER, T0, 7000, false)));
    StringBuilder out = new StringBuilder();
    SpanAggregator.prometheus(out, Map.of("team-b", b, "team-a", a, "idle", aggregator(10, 10)));
    String text = out.toString();
    assertTrue(text.contains("traces_span_metrics_calls_total{tenant=\"team-a\",service_name=\"shop\",span_name=\"GET /\","
        + "span_kind=\"SPAN_KIND_SERVER\",status_code=\"STATUS_CODE_UNSET\"} 1\n"), text);
    assertTrue(text.contains("traces_span_metrics_calls_total{tenant=\"team-b\",service_name=\"shop\",span_name=\"GET /\","
        + "span_kind=\"SPAN_KIND_SERVER\",status_code=\"STATUS_CODE_ERROR\"} 2\n"), text);
    assertTrue(text.contains("traces_service_graph_request_total{tenant=\"team-b\",client=\"front\",server=\"back\","
        + "connection_type=\"\"} 1\n"), text);
    assertTrue(text.contains("traces_span_metrics_duration_milliseconds_count{tenant=\"team-a\","), text);
    assertTrue(!text.contains("idle"), "a tenant without spans writes nothing");
    for (String family : List.of("traces_span_metrics_calls_total", "traces_span_metrics_duration_milliseconds",
        "traces_service_graph_request_total", "traces_service_graph_request_client_seconds")) {
      assertEquals(1, text.split("# TYPE " + family + " ", -1).length - 1, family + " once: " + text);
    }
    // team-a's samples come before team-b's, and a family's samples stay together after its TYPE line.
    assertTrue(text.indexOf("tenant=\"team-a\"") < text.indexOf("tenant=\"team-b\""));
    assertTrue(text.indexOf("# TYPE traces_span_metrics_duration_milliseconds ")
        > text.lastIndexOf("traces_span_metrics_calls_total{"), text);
  }

  @Test
  void unpairedClientsNamingAPeerMakeVirtualEdgesWhenTheyTimeOut() {
    SpanAggregator agg = aggregator(1000, 100);
    agg.record(List.of(
        span(new TraceId(0, 1), 5, 4, "shop", "SELECT", SpanKind.CLIENT, T0, 300, false,
            Tag.string("db.system", "postgresql"), Tag.string("db.name", "orders")),
        span(new TraceId(0, 2), 6, 4, "shop", "GET", SpanKind.CLIENT, T0, 300, false),
        span(new TraceId(0, 3), 7, 0, "shop", "GET /", SpanKind.SERVER, T0, 900, false)));
    assertEquals(2, agg.waitingHalves());
    now.addAndGet(11_000);
    Map<EdgeKey, EdgeCell> edges = agg.drain().buckets().get(0).edges();
    assertEquals(1, edges.get(new EdgeKey("shop", "orders", EdgeKey.DATABASE)).calls());
    assertEquals(1, edges.get(new EdgeKey(EdgeKey.USER, "shop", EdgeKey.VIRTUAL)).calls());
    assertEquals(1, agg.unpairedHalves());
    assertEquals(0, agg.waitingHalves());
  }
}
