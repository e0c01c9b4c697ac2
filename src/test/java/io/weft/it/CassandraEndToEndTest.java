package io.weft.it;

import io.weft.testing.OtelSdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.storage.cassandra.CassandraTestNode;
import io.weft.testing.Wait;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Weft node on Cassandra ({@code --span-storage.type=cassandra}) takes a trace from the real
 * OpenTelemetry SDK over OTLP gRPC and serves it back through the Jaeger query API: by id, by a
 * service + tag search, in the service and operation lists, and as a dependency link.
 */
class CassandraEndToEndTest {

  @Test
  void otelTraceIsStoredInCassandraAndReadBackThroughTheQueryApi() throws Exception {
    CassandraTestNode cassandra = CassandraTestNode.shared();
    String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 20);
    String frontend = "frontend-" + suffix;
    String backend = "backend-" + suffix;
    try (TestNode node = TestNode.start(cassandra.options(Map.of("span-storage.type", "cassandra")))) {
      SdkTracerProvider fe = OtelSdk.provider(node.otlpGrpc, frontend);
      SdkTracerProvider be = OtelSdk.provider(node.otlpGrpc, backend);
      long t0 = System.currentTimeMillis() * 1_000_000L - 5_000_000_000L;
      Span root = fe.get("e2e").spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
          .setStartTimestamp(t0, TimeUnit.NANOSECONDS).setAttribute("http.method", "GET")
          .setAttribute("order.id", "o-" + suffix).startSpan();
      Span call = be.get("e2e").spanBuilder("charge").setSpanKind(SpanKind.SERVER)
          .setParent(Context.root().with(root)).setStartTimestamp(t0 + 1_000_000, TimeUnit.NANOSECONDS).startSpan();
      call.setStatus(StatusCode.ERROR, "card declined");
      call.end(t0 + 30_000_000, TimeUnit.NANOSECONDS);
      root.end(t0 + 50_000_000, TimeUnit.NANOSECONDS);
      OtelSdk.flush(fe);
      OtelSdk.flush(be);

      String traceId = root.getSpanContext().getTraceId();
      JsonObject trace = Wait.forValue("trace in Cassandra", 20, () -> node.traceWith(traceId, 2));
      assertEquals(traceId, trace.getString("traceID"));
      JsonObject charge = TraceJson.span(trace, "charge");
      assertEquals(29_000L, charge.getLong("duration"));
      assertEquals(backend, TraceJson.serviceOf(trace, charge));

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
      assertTrue(metrics.contains("weft_spans_written_total"), "written spans are counted");
      assertTrue(metrics.contains("weft_cassandra_statements_in_flight"), "Cassandra gauges are exported");
      assertEquals("cassandra", new JsonObject(node.get(node.admin, "/health").body()).getString("storage"));
    }
  }
}
