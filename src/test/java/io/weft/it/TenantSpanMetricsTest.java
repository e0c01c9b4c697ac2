package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.weft.testing.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Span metrics under tenancy, with OpenTelemetry SDK spans: every tenant's series are on /metrics under
 * the spanmetrics connector's and Tempo's names with a {@code tenant} label; a tenant's own series limit
 * ({@code tenancy.overrides <tenant>.max-metric-series}) folds its spans past it into its overflow series,
 * counted for that tenant only, while the others keep {@code span-metrics.max-series}; and /metrics, which
 * holds every tenant's figures, is read with an operator's token only (authentication on the admin port).
 */
class TenantSpanMetricsTest {
  static final String OPERATOR = "operator-token-0123456789";
  static final String TEAM_A_READER = "team-a-reader-0123456789";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("tenancy.enabled", "true",
      "tenancy.tenants", "team-a,team-b,tight", "tenancy.overrides", "tight.max-metric-series=3",
      "span-metrics.step", "1s", "auth.listeners", "admin", "auth.tokens-file", tokensFile()));

  static String tokensFile() {
    try {
      Path f = Files.createTempFile("weft-tokens", ".txt");
      Files.writeString(f, OPERATOR + " read - prometheus\n" + TEAM_A_READER + " read team-a grafana-a\n");
      f.toFile().deleteOnExit();
      return f.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void eachTenantSendsSpans() {
    // team-a: five operations of one service (under span-metrics.max-series, the node's limit)
    send("team-a", "shop-a", p -> {
      for (int i = 0; i < 5; i++) {
        for (int n = 0; n <= i; n++) {
          p.get("t").spanBuilder("op-" + i).setSpanKind(SpanKind.SERVER).startSpan().end();
        }
      }
    });
    // team-b: a client span of front-b and the server span it called in back-b: one service-graph edge
    try (SdkTracerProvider back = provider("team-b", "back-b")) {
      send("team-b", "front-b", front -> {
        Span client = front.get("t").spanBuilder("call back").setSpanKind(SpanKind.CLIENT).startSpan();
        back.get("t").spanBuilder("serve").setSpanKind(SpanKind.SERVER).setParent(Context.root().with(client))
            .startSpan().end();
        client.end();
      });
      back.forceFlush().join(10, TimeUnit.SECONDS);
    }
    // tight: six operations, one span each, against its limit of three series
    send("tight", "busy-t", p -> {
      for (int i = 0; i < 6; i++) {
        p.get("t").spanBuilder("id-" + i).startSpan().end();
      }
    });
  }

  static SdkTracerProvider provider(String tenant, String service) {
    return SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + node.otlpGrpc).addHeader("x-tenant", tenant).build()).build())
        .setResource(Resource.create(Attributes.builder().put("service.name", service).build())).build();
  }

  static void send(String tenant, String service, java.util.function.Consumer<SdkTracerProvider> spans) {
    try (SdkTracerProvider p = provider(tenant, service)) {
      spans.accept(p);
      p.forceFlush().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyTenantsSeriesAreOnMetricsWithItsTenantLabel() throws Exception {
    String text = Wait.forValue("every tenant's span metrics on /metrics", 30, () -> {
      String t = metrics(OPERATOR).body();
      return sum(t, "traces_span_metrics_calls_total", "tenant=\"team-a\"") == 15
          && sum(t, "traces_service_graph_request_total", "tenant=\"team-b\"") == 1
          && sum(t, "traces_span_metrics_calls_total", "tenant=\"tight\"") == 6 ? t : null;
    });
    for (int i = 0; i < 5; i++) {
      assertEquals(i + 1, sum(text, "traces_span_metrics_calls_total", "tenant=\"team-a\"", "service_name=\"shop-a\"",
          "span_name=\"op-" + i + "\"", "span_kind=\"SPAN_KIND_SERVER\"", "status_code=\"STATUS_CODE_UNSET\""), "op-" + i);
      assertEquals(i + 1, sum(text, "traces_span_metrics_duration_milliseconds_count", "tenant=\"team-a\"",
          "span_name=\"op-" + i + "\""), "op-" + i + "'s histogram");
    }
    assertEquals(1, sum(text, "traces_service_graph_request_total", "tenant=\"team-b\"", "client=\"front-b\"",
        "server=\"back-b\""));
    assertEquals(1, sum(text, "traces_service_graph_request_server_seconds_count", "tenant=\"team-b\""));
    // No sample without its tenant, and nothing of a tenant under another's label.
    for (String line : text.split("\n")) {
      if (line.startsWith("traces_")) {
        assertTrue(line.contains("{tenant=\""), "labelled with its tenant: " + line);
        assertTrue(!line.contains("shop-a") || line.contains("tenant=\"team-a\""), line);
        assertTrue(!line.contains("front-b") || line.contains("tenant=\"team-b\""), line);
      }
    }
    // One family each, however many tenants (the text format allows a family's HELP and TYPE once).
    for (String family : List.of("traces_span_metrics_calls_total", "traces_span_metrics_duration_milliseconds",
        "traces_service_graph_request_total", "traces_service_graph_request_server_seconds")) {
      assertEquals(1, count(text, "# TYPE " + family + " "), family);
    }
  }

  @Test
  void aTenantsOwnSeriesLimitFoldsOnlyItsSpansIntoItsOverflowSeries() throws Exception {
    String text = Wait.forValue("tight's six spans counted", 30, () -> {
      String t = metrics(OPERATOR).body();
      return sum(t, "traces_span_metrics_calls_total", "tenant=\"tight\"") == 6 ? t : null;
    });
    // Three series admitted, the three spans after them in (__overflow__, __overflow__, kind, status).
    assertEquals(3, sum(text, "traces_span_metrics_calls_total", "tenant=\"tight\"", "service_name=\"busy-t\""));
    assertEquals(3, sum(text, "traces_span_metrics_calls_total", "tenant=\"tight\"", "service_name=\"__overflow__\"",
        "span_name=\"__overflow__\""));
    assertEquals(3, sum(text, "weft_span_metrics_overflow_spans", "tenant=\"tight\"", "reason=\"series\""));
    assertEquals(4, sum(text, "weft_span_metrics_series", "tenant=\"tight\""));
    // team-a has more series than tight's limit, under the node's span-metrics.max-series: none folded.
    assertEquals(5, sum(text, "weft_span_metrics_series", "tenant=\"team-a\""));
    assertEquals(0, sum(text, "weft_span_metrics_overflow_spans", "tenant=\"team-a\""));
    assertEquals(0, sum(text, "traces_span_metrics_calls_total", "tenant=\"team-a\"", "__overflow__"));
    // Every span of the tenant counted, folded or not.
    assertEquals(6, sum(text, "weft_span_metrics_spans", "tenant=\"tight\""));
  }

  @Test
  void metricsHoldingEveryTenantIsForAnOperatorsTokenOnly() throws Exception {
    assertEquals(200, metrics(OPERATOR).statusCode());
    HttpResponse<String> tenantToken = metrics(TEAM_A_READER);
    assertEquals(403, tenantToken.statusCode(), tenantToken.body());
    assertTrue(tenantToken.body().contains("names no tenant"), tenantToken.body());
    assertEquals(401, metrics(null).statusCode());
    assertEquals(1, sum(metrics(OPERATOR).body(), "weft_auth_refused_total", "listener=\"admin\"",
        "reason=\"tenant_token\""), "the refusal is counted");
    // /health stays open to probes.
    assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.admin + "/health")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  static HttpResponse<String> metrics(String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.admin + "/metrics"));
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
  static double sum(String text, String name, String... labels) {
    double s = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        all &= line.substring(0, line.lastIndexOf('}')).contains(l);
      }
      if (all) {
        s += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return s;
  }

  static int count(String text, String fragment) {
    Matcher m = Pattern.compile(Pattern.quote(fragment)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
