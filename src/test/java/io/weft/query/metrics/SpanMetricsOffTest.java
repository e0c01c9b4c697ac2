package io.weft.query.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.weft.it.TestNode;
import io.weft.testing.Http;
import io.weft.testing.Wait;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --span-metrics.enabled=false}: spans are still stored; the metrics API and the Monitor page's
 * summaries answer 501 with a JSON message (as Jaeger does without a metrics backend); /metrics
 * carries no span metrics; the Jaeger UI is told there is no metrics storage, so it hides its Monitor data.
 */
class SpanMetricsOffTest {
  @TempDir
  static Path dist;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(dist.resolve("index.html"), """
        <!doctype html><html><head><base href="/" data-inject-target="BASE_URL" /><script>
        const JAEGER_CONFIG = DEFAULT_CONFIG;
        const JAEGER_STORAGE_CAPABILITIES = DEFAULT_STORAGE_CAPABILITIES;
        const JAEGER_BACKEND_CAPABILITIES = DEFAULT_BACKEND_CAPABILITIES;
        const JAEGER_VERSION = DEFAULT_VERSION;
        </script></head><body></body></html>
        """);
    node = TestNode.start(Map.of("span-metrics.enabled", "false", "query.ui.jaeger-dist", dist.toString()));
    String spans = """
        [{"traceId":"00000000000000a1000000000000000b","id":"000000000000000b","name":"get /off","kind":"SERVER",
          "timestamp":%d,"duration":2500,"localEndpoint":{"serviceName":"metrics-off"}}]
        """.formatted(System.currentTimeMillis() * 1000);
    HttpResponse<String> r = Http.post(node.zipkin, "/api/v2/spans", "application/json",
        spans.getBytes(StandardCharsets.UTF_8));
    assertEquals(202, r.statusCode(), r.body());
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void spansAreStoredAndTheMetricsApiSaysItIsOff() throws Exception {
    Wait.until("the span is stored", 20,
        () -> Http.get(node.query, "/api/services").body().contains("metrics-off"));
    for (String path : new String[] {"/api/metrics/calls?service=metrics-off", "/api/metrics/errors?service=metrics-off",
        "/api/metrics/latencies?service=metrics-off&quantile=0.95", "/api/metrics/minstep",
        "/api/spanmetrics/services", "/api/spanmetrics/operations?service=metrics-off", "/api/spanmetrics/edges"}) {
      HttpResponse<String> r = Http.get(node.query, path);
      assertEquals(501, r.statusCode(), path + ": " + r.body());
      assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), path);
      JsonObject error = new JsonObject(r.body()).getJsonArray("errors").getJsonObject(0);
      assertEquals(501, error.getInteger("code"), path);
      assertTrue(error.getString("msg").contains("span-metrics.enabled=false"), path + ": " + r.body());
    }
  }

  @Test
  void prometheusCarriesNoSpanMetrics() throws Exception {
    Wait.until("the span is stored", 20,
        () -> Http.get(node.query, "/api/services").body().contains("metrics-off"));
    String text = Http.get(node.admin, "/metrics").body();
    assertTrue(text.contains("weft_spans_written_total") || text.contains("weft_stored_spans"), "Weft's own meters are there");
    assertFalse(text.contains("traces_span_metrics_"), "no span metrics");
    assertFalse(text.contains("traces_service_graph_"), "no service graph metrics");
    assertFalse(text.contains("weft_span_metrics_"), "no span metrics meters");
  }

  @Test
  void theJaegerUiIsToldThereIsNoMetricsStorage() throws Exception {
    String html = Http.get(node.query, "/jaeger/").body();
    assertTrue(html.contains("JAEGER_STORAGE_CAPABILITIES = {\"archiveStorage\":true,\"metricsStorage\":false};"), html);
    assertTrue(html.contains("\"metricsStorage\":false,\"searchWithoutServiceName\":true"), html);
  }
}
