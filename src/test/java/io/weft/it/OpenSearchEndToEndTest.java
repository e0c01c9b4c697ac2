package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.storage.opensearch.OpenSearchTestNode;
import io.weft.testing.Http;
import io.weft.testing.KnownTraffic;
import io.weft.testing.Metrics;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Weft node on OpenSearch ({@code --span-storage.type=opensearch}) takes traces from the real
 * OpenTelemetry SDK over OTLP gRPC and serves them back through the Jaeger query API: by id, by a
 * service + tag search and a search without a service, in the service and operation lists, and as
 * a dependency link; archived, it is read by id from the archive index once gone from the span
 * indices. And the same through Kafka: a collector writing to a real broker, an ingester
 * in a JVM of its own writing to OpenSearch.
 */
class OpenSearchEndToEndTest {

  @Test
  void otelTraceIsStoredInOpenSearchAndReadBackThroughTheQueryApi() throws Exception {
    OpenSearchTestNode os = OpenSearchTestNode.shared();
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
    String frontend = "frontend-" + suffix;
    String backend = "backend-" + suffix;
    try (TestNode node = TestNode.start(os.options(Map.of("span-storage.type", "opensearch",
        "opensearch.index.prefix", "e2e")))) {
      SdkTracerProvider fe = provider(frontend, node.otlpGrpc);
      SdkTracerProvider be = provider(backend, node.otlpGrpc);
      long t0 = System.currentTimeMillis() * 1_000_000L - 5_000_000_000L;
      Span root = fe.get("e2e").spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
          .setStartTimestamp(t0, TimeUnit.NANOSECONDS).setAttribute("http.method", "GET")
          .setAttribute("order.id", "o-" + suffix).startSpan();
      Span call = be.get("e2e").spanBuilder("charge").setSpanKind(SpanKind.SERVER)
          .setParent(Context.root().with(root)).setStartTimestamp(t0 + 1_000_000, TimeUnit.NANOSECONDS).startSpan();
      call.setStatus(StatusCode.ERROR, "card declined");
      call.end(t0 + 30_000_000, TimeUnit.NANOSECONDS);
      root.end(t0 + 50_000_000, TimeUnit.NANOSECONDS);
      flush(fe);
      flush(be);

      String traceId = root.getSpanContext().getTraceId();
      JsonObject trace = Wait.forValue("trace in OpenSearch", 30, () -> node.traceWith(traceId, 2));
      assertEquals(traceId, trace.getString("traceID"));
      JsonObject charge = TraceJson.span(trace, "charge");
      assertEquals(29_000L, charge.getLong("duration"));
      assertEquals(backend, TraceJson.serviceOf(trace, charge));
      assertEquals("ERROR", TraceJson.tagValue(charge.getJsonArray("tags"), "otel.status_code"));

      String tags = URLEncoder.encode("{\"order.id\":\"o-" + suffix + "\"}", StandardCharsets.UTF_8);
      JsonArray found = node.query("/api/traces?service=" + frontend + "&tags=" + tags + "&lookback=1h").getJsonArray("data");
      assertEquals(1, found.size(), found.encode());
      assertEquals(traceId, found.getJsonObject(0).getString("traceID"));
      assertEquals(2, found.getJsonObject(0).getJsonArray("spans").size());
      assertEquals(1, node.query("/api/traces?service=" + backend + "&tags="
          + URLEncoder.encode("{\"error\":\"true\"}", StandardCharsets.UTF_8) + "&lookback=1h").getJsonArray("data").size());

      assertTrue(node.query("/api/services").getJsonArray("data").contains(frontend));
      assertEquals(new JsonArray().add("GET /checkout"),
          node.query("/api/services/" + frontend + "/operations").getJsonArray("data"));
      JsonArray deps = node.query("/api/dependencies?endTs=" + System.currentTimeMillis() + "&lookback=3600000")
          .getJsonArray("data");
      assertTrue(deps.stream().map(JsonObject.class::cast).anyMatch(d -> d.getString("parent").equals(frontend)
          && d.getString("child").equals(backend) && d.getLong("callCount") == 1), deps.encode());

      String metrics = node.get(node.admin, "/metrics").body();
      assertEquals(2, Metrics.value(metrics, "weft_spans_written_total"));
      assertTrue(metrics.contains("weft_opensearch_bulk_in_flight"), "OpenSearch gauges are exported");
      assertEquals("opensearch", new JsonObject(node.get(node.admin, "/health").body()).getString("storage"));

      // Archived (Jaeger UI's Archive button) into e2e-weft-span-archive; gone from the span indices, still read by id.
      assertEquals(200, node.post(node.query, "/api/archive/" + traceId, "application/json", new byte[0]).statusCode());
      os.request("POST", "/e2e-weft-span-archive/_refresh", null);
      String idQuery = "{\"query\":{\"term\":{\"traceID\":\"" + traceId + "\"}}}";
      assertEquals(2, new JsonObject(os.request("POST", "/e2e-weft-span-archive/_count", idQuery).body()).getLong("count"));
      var deleted = os.request("POST", "/e2e-weft-span-*,-e2e-weft-span-archive*/_delete_by_query?refresh=true", idQuery);
      assertEquals(2, new JsonObject(deleted.body()).getLong("deleted"), deleted.body());
      JsonObject archived = node.query("/api/traces/" + traceId).getJsonArray("data").getJsonObject(0);
      assertEquals(2, archived.getJsonArray("spans").size());
      assertEquals(0, node.query("/api/traces?service=" + frontend + "&lookback=1h").getJsonArray("data").size(),
          "searches read the span indices only, never the archive");
    }
  }

  @Test
  void spansFlowThroughKafkaAndAnIngesterIntoOpenSearch() throws Exception {
    OpenSearchTestNode os = OpenSearchTestNode.shared();
    KafkaTopic topic = KafkaTopic.fresh(2);
    String service = "kafka-os-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
    try (WeftProcess ingester = WeftProcess.start("ingester", os.options(topic.node("ingester,query",
            "ingester.storage.type", "opensearch", "opensearch.index.prefix", "e2e")));
        TestNode collector = TestNode.start(topic.node("collector"))) {
      SdkTracerProvider sdk = provider(service, collector.otlpGrpc);
      Span root = sdk.get("kafka-test").spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER).startSpan();
      Span child = sdk.get("kafka-test").spanBuilder("SELECT cart").setSpanKind(SpanKind.CLIENT)
          .setParent(Context.root().with(root)).setAttribute("db.system", "postgresql").startSpan();
      child.end();
      root.end();
      flush(sdk);

      String traceId = root.getSpanContext().getTraceId();
      JsonObject trace = Wait.forValue("trace in OpenSearch through Kafka", 30,
          () -> Http.traceWith(ingester.query, traceId, 2));
      assertEquals("postgresql", TraceJson.tagValue(TraceJson.span(trace, "SELECT cart").getJsonArray("tags"), "db.system"));
      JsonArray found = ingester.query("/api/traces?service=" + service + "&lookback=1h").getJsonArray("data");
      assertEquals(1, found.size(), found.encode());
    }
  }

  /**
   * Span metrics kept in OpenSearch: a node counts what the SDK sends and flushes into the metrics
   * indices when it stops; a second node, started afterwards on the same indices, answers the figures.
   */
  @Test
  void spanMetricsAreKeptInOpenSearchAndServedByAnotherNode() throws Exception {
    OpenSearchTestNode os = OpenSearchTestNode.shared();
    // The spans need not be searchable here, and a busy machine must not hold the SDK's export past its timeout.
    Map<String, String> options = os.options(Map.of("span-storage.type", "opensearch", "opensearch.index.prefix", "e2e",
        "opensearch.bulk.refresh", "false", "opensearch.tags.nested", "false"));
    KnownTraffic traffic = new KnownTraffic();
    TestNode collector = TestNode.start(options);
    try {
      traffic.send("http://127.0.0.1:" + collector.otlpGrpc);
    } finally {
      collector.close(); // stopping flushes what it counted
    }
    try (TestNode query = TestNode.start(options)) {
      Wait.until("the known figures from OpenSearch on a fresh node", 60, () -> {
        try {
          traffic.assertServed(query.query);
          return true;
        } catch (AssertionError e) {
          return false;
        }
      });
      traffic.assertServed(query.query);
    }
  }

  private static SdkTracerProvider provider(String service, int otlpGrpcPort) {
    return SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + otlpGrpcPort).build()).build())
        .build();
  }

  private static void flush(SdkTracerProvider p) {
    assertTrue(p.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "exporter delivered");
    p.shutdown().join(5, TimeUnit.SECONDS);
  }
}
