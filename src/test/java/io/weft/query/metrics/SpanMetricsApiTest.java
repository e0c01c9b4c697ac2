package io.weft.query.metrics;

import static io.weft.testing.KnownTraffic.quantileMs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.it.TestNode;
import io.weft.spanmetrics.LatencySketch;
import io.weft.testing.Http;
import io.weft.testing.KnownTraffic;
import io.weft.testing.Metrics;
import io.weft.testing.Wait;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jaeger's metrics API, Weft's summaries and the Prometheus names on an all-in-one node fed by the
 * OpenTelemetry SDK: rates, error ratios and quantiles (within the sketch's error) match what was
 * sent; head-sampled spans count for their population; bad input is a 400; a flood of span names is
 * capped. The node keeps 1 s buckets so flushes come quickly.
 */
class SpanMetricsApiTest {
  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("span-metrics.step", "1s",
      "span-metrics.max-operations-per-service", "50", "collector.sampling-rate", "0.5"));
  static final KnownTraffic traffic = new KnownTraffic();
  static String window;

  @BeforeAll
  static void send() throws Exception {
    traffic.send("http://127.0.0.1:" + node.otlpGrpc);
    window = "&endTs=" + traffic.t1() + "&lookback=60000&step=60000&ratePer=60000";
    Wait.until("checkout's calls flushed", 30, () -> callRate(traffic.checkout(), "") == 6.0);
  }

  static double callRate(String service, String extra) throws Exception {
    JsonArray m = family("calls", "service=" + service + window + extra).getJsonArray("metrics");
    return m.isEmpty() ? -1 : last(m.getJsonObject(0));
  }

  static JsonObject family(String kind, String query) throws Exception {
    HttpResponse<String> r = Http.get(node.query, "/api/metrics/" + kind + "?" + query);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  static double last(JsonObject metric) {
    JsonArray points = metric.getJsonArray("metricPoints");
    Object v = points.getJsonObject(points.size() - 1).getJsonObject("gaugeValue").getValue("doubleValue");
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static void assertQuantile(double exactMs, double estimateMs) {
    assertTrue(Math.abs(estimateMs - exactMs) <= exactMs * LatencySketch.RELATIVE_ERROR + 1e-9,
        "exact " + exactMs + " ms, estimate " + estimateMs + " ms");
  }

  @Test
  void callsErrorsAndLatenciesMatchWhatWasSentEvenPastPostSampling() throws Exception {
    JsonObject calls = family("calls", "service=" + traffic.checkout() + window);
    assertEquals("service_call_rate", calls.getString("name"));
    assertEquals("GAUGE", calls.getString("type"));
    assertEquals("calls/sec, grouped by service", calls.getString("help"));
    JsonObject m = calls.getJsonArray("metrics").getJsonObject(0);
    assertEquals(new JsonArray().add(new JsonObject().put("name", "service_name").put("value", traffic.checkout())),
        m.getJsonArray("labels"));
    JsonArray points = m.getJsonArray("metricPoints");
    assertEquals(2, points.size(), "lookback / step + 1 points");
    assertEquals(Instant.ofEpochMilli(traffic.t0).toString(), points.getJsonObject(0).getString("timestamp"));
    assertEquals(0.0, points.getJsonObject(0).getJsonObject("gaugeValue").getDouble("doubleValue"));
    assertEquals(KnownTraffic.checkoutServerCalls() / 60.0, last(m), 1e-9, "counted before post-sampling (0.5)");

    JsonObject errors = family("errors", "service=" + traffic.checkout() + window);
    assertEquals("service_error_rate", errors.getString("name"));
    assertEquals("NaN", errors.getJsonArray("metrics").getJsonObject(0).getJsonArray("metricPoints").getJsonObject(0)
        .getJsonObject("gaugeValue").getValue("doubleValue"), "no calls in the first window: 0/0, as jsonpb writes it");
    assertEquals((double) KnownTraffic.checkoutServerErrors() / KnownTraffic.checkoutServerCalls(),
        last(errors.getJsonArray("metrics").getJsonObject(0)), 1e-9);

    for (double q : new double[] {0.5, 0.75, 0.95, 0.99}) {
      JsonObject lat = family("latencies", "service=" + traffic.checkout() + "&quantile=" + q + window);
      assertEquals("service_latencies", lat.getString("name"));
      assertQuantile(quantileMs(KnownTraffic.checkoutServerMicros(), q), last(lat.getJsonArray("metrics").getJsonObject(0)));
    }
  }

  @Test
  void groupedByOperationAndFilteredBySpanKind() throws Exception {
    JsonObject lat = family("latencies", "service=" + traffic.checkout() + "&quantile=0.95&groupByOperation=true" + window);
    assertEquals("service_operation_latencies", lat.getString("name"));
    assertEquals("0.95th quantile latency, grouped by service & operation", lat.getString("help"));
    Map<String, Double> byOp = new HashMap<>();
    for (Object o : lat.getJsonArray("metrics")) {
      JsonObject metric = (JsonObject) o;
      JsonArray labels = metric.getJsonArray("labels");
      assertEquals("operation", labels.getJsonObject(0).getString("name"));
      assertEquals(traffic.checkout(), labels.getJsonObject(1).getString("value"));
      byOp.put(labels.getJsonObject(0).getString("value"), last(metric));
    }
    assertEquals(2, byOp.size(), byOp.toString());
    assertQuantile(quantileMs(KnownTraffic.cartMicros(), 0.95), byOp.get("GET /cart"));
    assertQuantile(500 + Math.floor(0.95 * 59), byOp.get("POST /pay")); // 500..559 ms

    JsonObject callsByOp = family("calls", "service=" + traffic.checkout() + "&groupByOperation=1" + window);
    assertEquals("service_operation_call_rate", callsByOp.getString("name"));
    assertEquals(1.0, callRate(traffic.checkout(), "&spanKind=client"), 1e-9, "60 client calls a minute");
    assertEquals(7.0, callRate(traffic.checkout(), "&spanKind=client&spanKind=server"), 1e-9);
    assertEquals(1.0, callRate(traffic.payment(), ""), 1e-9);
    assertEquals(-1, callRate("nobody-" + traffic.prefix, ""), "an unknown service: no series");
  }

  @Test
  void headSampledSpansCountForWhatTheyStandFor() throws Exception {
    Wait.until("sampled flushed", 20, () -> callRate(traffic.sampled(), "") > 0);
    assertEquals(KnownTraffic.SAMPLED * 4 / 60.0, callRate(traffic.sampled(), ""), 1e-9, "th:c is 25%");
  }

  /** jaeger-client's probabilistic sampler tags its root spans (sampler.type, sampler.param): they count 1 / p. */
  @Test
  void jaegerClientProbabilisticSamplingIsWeighted() throws Exception {
    String service = traffic.prefix + "jaeger";
    io.jaegertracing.thrift.internal.senders.HttpSender sender = new io.jaegertracing.thrift.internal.senders.HttpSender
        .Builder("http://127.0.0.1:" + node.jaegerHttp + "/api/traces").build();
    io.jaegertracing.internal.JaegerTracer tracer = new io.jaegertracing.internal.JaegerTracer.Builder(service)
        .withReporter(new io.jaegertracing.internal.reporters.RemoteReporter.Builder().withSender(sender)
            .withFlushInterval(50).withMaxQueueSize(10_000).build())
        .withSampler(new io.jaegertracing.internal.samplers.ProbabilisticSampler(0.25)).build();
    int sampled = 0;
    for (int i = 0; i < 400; i++) {
      long start = traffic.t0 * 1000 + i * 100_000L;
      io.jaegertracing.internal.JaegerSpan root = tracer.buildSpan("GET /jaeger").withTag("span.kind", "server")
          .withStartTimestamp(start).start();
      tracer.buildSpan("work").asChildOf(root).withStartTimestamp(start + 10).start().finish(start + 500);
      root.finish(start + 1000);
      sampled += root.context().isSampled() ? 1 : 0;
    }
    tracer.close();
    assertTrue(sampled > 50 && sampled < 150, "about a quarter sampled: " + sampled);
    double expected = sampled * 4 / 60.0;
    Wait.until("jaeger-client's spans counted", 20, () -> Math.abs(callRate(service, "") - expected) < 1e-9);
  }

  @Test
  void badInputIsA400WithAMessage() throws Exception {
    String s = "service=" + traffic.checkout();
    Map<String, String> bad = new HashMap<>();
    bad.put("latencies?" + s, "unable to parse param 'quantile'");
    bad.put("latencies?" + s + "&quantile=1.5", "must be in (0, 1]");
    bad.put("latencies?" + s + "&quantile=0", "must be in (0, 1]");
    bad.put("latencies?" + s + "&quantile=abc", "invalid syntax");
    bad.put("calls?lookback=1000", "please provide at least one service name");
    bad.put("calls?" + s + "&step=abc", "unable to parse param 'step'");
    bad.put("calls?" + s + "&step=100", "finer than the span metrics' buckets of 1000 ms");
    bad.put("calls?" + s + "&step=0", "unable to parse param 'step'");
    bad.put("calls?" + s + "&lookback=-5", "unable to parse param 'lookback'");
    bad.put("calls?" + s + "&lookback=100000000&step=1000", "more than 11000");
    bad.put("calls?" + s + "&ratePer=0", "unable to parse param 'ratePer'");
    bad.put("calls?" + s + "&spanKind=sideways", "unsupported span kind: 'sideways'");
    bad.put("errors?" + s + "&groupByOperation=maybe", "unable to parse param 'groupByOperation'");
    bad.put("errors?" + s + "&endTs=yesterday", "unable to parse param 'endTs'");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r = Http.get(node.query, "/api/metrics/" + e.getKey());
      assertEquals(400, r.statusCode(), e.getKey() + ": " + r.body());
      JsonObject body = new JsonObject(r.body());
      String msg = body.getJsonArray("errors").getJsonObject(0).getString("msg");
      assertTrue(msg.contains(e.getValue()), e.getKey() + ": " + msg);
      assertEquals(400, body.getJsonArray("errors").getJsonObject(0).getInteger("code"));
    }
    assertEquals(1000, Http.json(node.query, "/api/metrics/minstep").getInteger("data"));
    HttpResponse<String> quality = Http.get(node.query, "/api/quality-metrics?service=x");
    assertEquals(404, quality.statusCode());
    assertEquals(404, new JsonObject(quality.body()).getJsonArray("errors").getJsonObject(0).getInteger("code"));
  }

  @Test
  void prometheusTextCarriesTheSpanmetricsAndServiceGraphNames() throws Exception {
    Wait.until("edges counted", 20, () -> Metrics.value(Http.get(node.admin, "/metrics").body(),
        "traces_service_graph_request_total") >= KnownTraffic.PAY);
    String text = Http.get(node.admin, "/metrics").body();
    PromCheck.assertParses(text);
    String cartErrors = "traces_span_metrics_calls_total{service_name=\"" + traffic.checkout()
        + "\",span_name=\"GET /cart\",span_kind=\"SPAN_KIND_SERVER\",status_code=\"STATUS_CODE_ERROR\"}";
    assertEquals(KnownTraffic.CART / 10, PromCheck.sample(text, cartErrors));
    String cartOk = "{service_name=\"" + traffic.checkout()
        + "\",span_name=\"GET /cart\",span_kind=\"SPAN_KIND_SERVER\",status_code=\"STATUS_CODE_UNSET\"";
    assertEquals(270, PromCheck.sample(text, "traces_span_metrics_calls_total" + cartOk + "}"));
    // 1..300 ms, every tenth (1, 11, 21, ...) an error: of the other 270, 8 are at most 10 ms (2..10).
    assertEquals(9, PromCheck.sample(text, "traces_span_metrics_duration_milliseconds_bucket" + cartOk + ",le=\"10\"}"));
    assertEquals(270, PromCheck.sample(text, "traces_span_metrics_duration_milliseconds_bucket" + cartOk
        + ",le=\"+Inf\"}"));
    assertEquals(270, PromCheck.sample(text, "traces_span_metrics_duration_milliseconds_count" + cartOk + "}"));
    String edge = "{client=\"" + traffic.checkout() + "\",server=\"" + traffic.payment() + "\",connection_type=\"\"}";
    assertEquals(KnownTraffic.PAY, PromCheck.sample(text, "traces_service_graph_request_total" + edge));
    assertEquals(3, PromCheck.sample(text, "traces_service_graph_request_failed_total" + edge));
    assertTrue(text.contains("# TYPE traces_span_metrics_duration_milliseconds histogram\n"));
    assertTrue(text.contains("# TYPE traces_service_graph_request_server_seconds histogram\n"));
    assertTrue(Metrics.value(text, "weft_span_metrics_spans") >= KnownTraffic.CART + 3 * KnownTraffic.PAY);
  }

  @Test
  void aFloodOfUniqueSpanNamesIsCappedAndCounted() throws Exception {
    String flood = traffic.prefix + "flood";
    SdkTracerProvider sdk = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), flood)))
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + node.otlpGrpc).build()).setMaxQueueSize(5000).build())
        .build();
    Tracer t = sdk.get("flood");
    long start = traffic.t0 * 1_000_000L;
    for (int i = 0; i < 2000; i++) {
      t.spanBuilder("GET /user/" + i).setSpanKind(SpanKind.SERVER).setStartTimestamp(start, TimeUnit.NANOSECONDS)
          .startSpan().end(start + 1_000_000, TimeUnit.NANOSECONDS);
    }
    assertTrue(sdk.forceFlush().join(30, TimeUnit.SECONDS).isSuccess());
    sdk.shutdown();
    Wait.until("flood flushed", 20, () -> callRate(flood, "") == 2000 / 60.0);
    JsonArray ops = family("calls", "service=" + flood + "&groupByOperation=true" + window).getJsonArray("metrics");
    assertEquals(51, ops.size(), "50 operations and the overflow");
    double overflow = 0;
    for (Object o : ops) {
      JsonObject metric = (JsonObject) o;
      if (metric.getJsonArray("labels").getJsonObject(0).getString("value").equals("__overflow__")) {
        overflow = last(metric);
      }
    }
    assertEquals(1950 / 60.0, overflow, 1e-9);
    assertTrue(node.metric("weft_span_metrics_overflow_spans{reason=\"operations\"}") >= 1950);
  }

  @Test
  void summariesForTheMonitorPage() throws Exception {
    String w = "?endTs=" + traffic.t1() + "&lookback=60000";
    JsonArray services = Http.json(node.query, "/api/spanmetrics/services" + w + "&points=4").getJsonArray("data");
    JsonObject checkout = services.stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("service").equals(traffic.checkout())).findFirst().orElseThrow();
    assertEquals(6.0, checkout.getDouble("callRate"), 1e-9);
    assertEquals(0.1, checkout.getDouble("errorRatio"), 1e-9);
    assertQuantile(quantileMs(KnownTraffic.checkoutServerMicros(), 0.95), checkout.getDouble("p95"));
    assertEquals(4, checkout.getJsonObject("sparkline").getJsonArray("p95").size());

    JsonArray ops = Http.json(node.query, "/api/spanmetrics/operations" + w + "&service=" + traffic.checkout())
        .getJsonArray("data");
    // Ranked by time spent: GET /cart 1 + ... + 300 ms = 45,150 ms; POST /pay 500 + ... + 559 ms = 31,770 ms.
    assertEquals("GET /cart", ops.getJsonObject(0).getString("operation"));
    assertEquals("POST /pay", ops.getJsonObject(1).getString("operation"));
    assertEquals(45_150.0 / (45_150 + 31_770), ops.getJsonObject(0).getDouble("impact"), 1e-9);
    assertEquals(5.0, ops.getJsonObject(0).getDouble("callRate"), 1e-9);

    JsonArray edges = Http.json(node.query, "/api/spanmetrics/edges" + w).getJsonArray("data");
    JsonObject edge = edges.stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("client").equals(traffic.checkout())).findFirst().orElseThrow();
    assertEquals(traffic.payment(), edge.getString("server"));
    assertEquals(1.0, edge.getDouble("callRate"), 1e-9);
    assertEquals(3.0 / 60, edge.getDouble("errorRatio"), 1e-9);
    HttpResponse<String> noService = Http.get(node.query, "/api/spanmetrics/operations" + w);
    assertEquals(400, noService.statusCode());
  }
}
