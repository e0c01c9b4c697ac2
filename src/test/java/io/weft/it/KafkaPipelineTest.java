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
import io.vertx.core.json.JsonObject;
import io.weft.testing.Http;
import io.weft.testing.Metrics;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
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
    KafkaTopic topic = KafkaTopic.fresh(4);
    try (WeftProcess ingester = WeftProcess.start("ingester", topic.intoCassandra("ingester,query"));
        TestNode collector = TestNode.start(topic.node("collector"))) {
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
      JsonObject trace = Wait.forValue("trace in the ingester's storage", 20, () -> Http.traceWith(ingester.query, traceId, 3));
      assertEquals(3, trace.getJsonArray("spans").size());
      JsonObject cart = TraceJson.span(trace, "SELECT cart");
      assertEquals("postgresql", TraceJson.tagValue(cart.getJsonArray("tags"), "db.system"));
      assertEquals(TraceJson.span(trace, "GET /cart").getString("spanID"),
          cart.getJsonArray("references").getJsonObject(0).getString("spanID"));
      assertEquals("checkout", TraceJson.serviceOf(trace, cart));
      // The trace reads whole once its span rows are in; its index rows may land a moment later.
      Wait.until("the trace found by a search", 20, () -> ingester.query("/api/traces?service=checkout&lookback=1h&limit=1000")
          .getJsonArray("data").stream().anyMatch(t -> ((JsonObject) t).getString("traceID").equals(traceId)));

      String collectorMetrics = collector.get(collector.admin, "/metrics").body();
      assertEquals(3, Metrics.value(collectorMetrics, "weft_kafka_spans_produced_total"));
      assertEquals(3, Metrics.value(collectorMetrics, "weft_spans_written_total"));
      Wait.until("ingester metrics", 20, () -> {
        try {
          return ingester.metric("weft_ingester_spans_written_total") == 3 && ingester.metric("weft_ingester_commits_total") >= 1;
        } catch (Exception e) {
          return false;
        }
      });
    }
  }
}
