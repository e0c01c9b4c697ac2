package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.storage.cassandra.CassandraTestNode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Spans from the real OpenTelemetry SDK go through a collector writing to Kafka, an ingester in a
 * JVM of its own reading the topic and writing to a real Cassandra node, and come back through the
 * query API of the ingester's node (which reads the same Cassandra).
 */
class KafkaPipelineTest {

  @Test
  void sdkSpansFlowThroughKafkaToTheIngestersStorage() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    CassandraTestNode cassandra = CassandraTestNode.shared();
    String topic = "weft-spans-" + UUID.randomUUID();
    Map<String, String> common = Map.of("kafka.brokers", kafka.bootstrap(), "kafka.topic", topic,
        "kafka.topic.partitions", "4");
    try (WeftProcess ingester = WeftProcess.start("ingester", cassandra.options(with(common, "roles", "ingester,query",
            "ingester.group-id", "g-" + topic, "ingester.storage.type", "cassandra")));
        TestNode collector = TestNode.start(with(common, "roles", "collector", "span-storage.type", "kafka"))) {
      SdkTracerProvider sdk = SdkTracerProvider.builder()
          .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout")))
          .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
              .setEndpoint("http://127.0.0.1:" + collector.otlpGrpc).build()).build())
          .build();
      Tracer tracer = sdk.get("kafka-test");
      Span root = tracer.spanBuilder("GET /cart").setSpanKind(SpanKind.SERVER).setAttribute("http.status_code", 200L)
          .startSpan();
      Span child = tracer.spanBuilder("SELECT cart").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(root))
          .setAttribute("db.system", "postgresql").startSpan();
      child.end();
      Span sibling = tracer.spanBuilder("render").setParent(Context.root().with(root)).startSpan();
      sibling.end();
      root.end();
      assertTrue(sdk.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "the collector acknowledged the export");
      sdk.shutdown().join(5, TimeUnit.SECONDS);

      String traceId = root.getSpanContext().getTraceId();
      JsonObject trace = TestNode.await("trace in the ingester's storage", () -> {
        try {
          var r = ingester.get(ingester.query, "/api/traces/" + traceId);
          if (r.statusCode() != 200) {
            return null;
          }
          JsonObject t = new JsonObject(r.body()).getJsonArray("data").getJsonObject(0);
          return t.getJsonArray("spans").size() == 3 ? t : null;
        } catch (Exception e) {
          return null;
        }
      });
      JsonObject cart = TraceJson.span(trace, "SELECT cart");
      assertEquals("postgresql", TraceJson.tagValue(cart.getJsonArray("tags"), "db.system"));
      assertEquals(TraceJson.span(trace, "GET /cart").getString("spanID"),
          cart.getJsonArray("references").getJsonObject(0).getString("spanID"));
      assertEquals("checkout", TraceJson.serviceOf(trace, cart));
      JsonArray found = ingester.query("/api/traces?service=checkout&lookback=1h&limit=1000").getJsonArray("data");
      assertTrue(found.stream().anyMatch(t -> ((JsonObject) t).getString("traceID").equals(traceId)), "search finds it");

      String collectorMetrics = collector.get(collector.admin, "/metrics").body();
      assertEquals(3, Metrics.value(collectorMetrics, "weft_kafka_spans_produced_total"));
      assertEquals(3, Metrics.value(collectorMetrics, "weft_spans_written_total"));
      TestNode.await("ingester metrics", () -> {
        try {
          return ingester.metric("weft_ingester_spans_written_total") == 3 && ingester.metric("weft_ingester_commits_total") >= 1
              ? true : null;
        } catch (Exception e) {
          return null;
        }
      });
    }
  }

  static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new java.util.HashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
