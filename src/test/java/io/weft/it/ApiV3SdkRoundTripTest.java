package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.weft.testing.Wait;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the OpenTelemetry SDK sends over OTLP comes back from {@code GET /api/v3/traces/{id}} the same,
 * field by field: resource, scope, typed attributes (arrays too), events, links with attributes,
 * status, every kind. The spans to compare with are the SDK's own {@link SpanData}, recorded on their
 * way to the real OTLP gRPC exporter. Times are whole microseconds, the precision Weft (like Jaeger's
 * model) stores.
 */
class ApiV3SdkRoundTripTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final long T0 = (System.currentTimeMillis() - 60_000) * 1_000_000L; // ns, whole microseconds
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  /** Keeps what the SDK exports and passes it on to the real exporter. */
  static final class Recording implements SpanExporter {
    final List<SpanData> spans = new CopyOnWriteArrayList<>();
    final SpanExporter next;

    Recording(SpanExporter next) {
      this.next = next;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return next.export(batch);
    }

    @Override
    public CompletableResultCode flush() {
      return next.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return next.shutdown();
    }
  }

  @Test
  void whatTheSdkSentComesBackFieldByField() throws Exception {
    Recording recording = new Recording(OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + node.otlpGrpc).build());
    Resource resource = Resource.create(Attributes.builder().put("service.name", "round-trip")
        .put("host.name", "rt-host").put("process.pid", 4242L).put("sample.ratio", 0.5).put("debug", true)
        .put(AttributeKey.stringArrayKey("host.ips"), List.of("10.0.0.1", "10.0.0.2")).build());
    SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(recording).build()).build();
    Tracer lib = provider.tracerBuilder("rt-lib").setInstrumentationVersion("2.3.4").build();
    Tracer other = provider.get("other-lib");

    Span linked = other.spanBuilder("linked").setStartTimestamp(T0, TimeUnit.NANOSECONDS).startSpan();
    linked.end(T0 + 1_000_000, TimeUnit.NANOSECONDS);
    Span root = lib.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
        .setStartTimestamp(T0 + 2_000_000, TimeUnit.NANOSECONDS)
        .setAttribute("http.method", "GET").setAttribute("http.status_code", 500L)
        .setAttribute("cache.hit", true).setAttribute("ratio", 0.25)
        .setAttribute(AttributeKey.stringArrayKey("items"), List.of("a", "b"))
        .setAttribute(AttributeKey.longArrayKey("sizes"), List.of(1L, -2L, Long.MAX_VALUE))
        .setAttribute(AttributeKey.doubleArrayKey("weights"), List.of(0.5, 1.0, 1e-7))
        .setAttribute(AttributeKey.booleanArrayKey("flags"), List.of(true, false))
        .addLink(linked.getSpanContext(), Attributes.builder().put("link.reason", "batch").put("link.index", 3L)
            .put(AttributeKey.stringArrayKey("link.tags"), List.of("x")).build())
        .startSpan();
    root.addEvent("cart loaded", Attributes.builder().put("cart.size", 3L).put("cart.value", 12.5)
        .put("cart.ok", true).put(AttributeKey.stringArrayKey("cart.skus"), List.of("A1", "B2")).build(),
        T0 + 3_000_000, TimeUnit.NANOSECONDS);
    root.addEvent("no attributes", T0 + 3_500_000, TimeUnit.NANOSECONDS);
    root.setStatus(StatusCode.ERROR, "card declined");
    Context inRoot = Context.root().with(root);
    SpanKind[] kinds = {SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.INTERNAL};
    for (int i = 0; i < kinds.length; i++) {
      Span child = lib.spanBuilder("child " + kinds[i]).setSpanKind(kinds[i]).setParent(inRoot)
          .setStartTimestamp(T0 + 4_000_000 + i * 1_000_000L, TimeUnit.NANOSECONDS).startSpan();
      if (kinds[i] == SpanKind.CLIENT) {
        child.setStatus(StatusCode.OK);
      }
      child.end(T0 + 4_500_000 + i * 1_000_000L, TimeUnit.NANOSECONDS);
    }
    root.end(T0 + 20_000_000, TimeUnit.NANOSECONDS);
    assertTrue(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess(), "exporter delivered");
    provider.shutdown().join(5, TimeUnit.SECONDS);

    String traceId = root.getSpanContext().getTraceId();
    List<SpanData> sent = recording.spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    assertEquals(5, sent.size());
    JsonNode result = Wait.forValue("api_v3 trace", 20, () -> trace(traceId, sent.size()));
    Map<String, Found> got = index(result);
    assertEquals(sent.size(), got.size());
    for (SpanData s : sent) {
      Found f = got.get(s.getSpanId());
      assertNotNull(f, s.getName());
      compare(s, f);
    }
    Found linkedBack = index(Wait.forValue("linked trace", 20, () -> trace(linked.getSpanContext().getTraceId(), 1)))
        .get(linked.getSpanContext().getSpanId());
    assertEquals("other-lib", linkedBack.scope.get("name").asText());
    assertNull(linkedBack.scope.get("version"), "no version was given");
  }

  /** A span of the answer with the resource and scope it sits under. */
  record Found(JsonNode resource, JsonNode scope, JsonNode span) {}

  static Map<String, Found> index(JsonNode result) {
    Map<String, Found> out = new HashMap<>();
    for (JsonNode rs : result.get("resourceSpans")) {
      for (JsonNode ss : rs.get("scopeSpans")) {
        for (JsonNode span : ss.get("spans")) {
          out.put(span.get("spanId").asText(), new Found(rs.get("resource"), ss.get("scope"), span));
        }
      }
    }
    return out;
  }

  static JsonNode trace(String traceId, int spans) {
    try {
      HttpResponse<String> r = node.get(node.query, "/api/v3/traces/" + traceId);
      if (r.statusCode() != 200) {
        return null;
      }
      JsonNode result = MAPPER.readTree(r.body()).get("result");
      return index(result).size() >= spans ? result : null;
    } catch (Exception e) {
      return null;
    }
  }

  static void compare(SpanData s, Found f) {
    String what = s.getName();
    JsonNode j = f.span;
    assertEquals(s.getTraceId(), j.get("traceId").asText(), what);
    assertEquals(s.getSpanId(), j.get("spanId").asText(), what);
    if (s.getParentSpanContext().isValid()) {
      assertEquals(s.getParentSpanId(), j.get("parentSpanId").asText(), what);
    } else {
      assertNull(j.get("parentSpanId"), what);
    }
    assertEquals(s.getName(), j.get("name").asText(), what);
    assertEquals(s.getKind().ordinal() + 1, j.get("kind").asInt(), what + ": INTERNAL=1 ... CONSUMER=5");
    assertEquals(Long.toString(s.getStartEpochNanos()), j.get("startTimeUnixNano").asText(), what);
    assertEquals(Long.toString(s.getEndEpochNanos()), j.get("endTimeUnixNano").asText(), what);
    // Only the sampled bit: W3C's "random" bit (which this SDK sets) would read as Jaeger's debug flag.
    assertEquals(s.getSpanContext().getTraceFlags().isSampled(), (j.path("flags").asInt() & 1) == 1, what);
    assertEquals(s.getSpanContext().getTraceState().isEmpty() ? null : s.getSpanContext().getTraceState(),
        j.get("traceState"), what);
    assertEquals(values(s.getAttributes()), values(j.get("attributes")), what + " attributes");
    assertEquals(s.getStatus().getStatusCode().ordinal(), j.get("status").path("code").asInt(), what + ": UNSET=0 OK=1 ERROR=2");
    assertEquals(s.getStatus().getDescription(), j.get("status").path("message").asText(), what);

    List<EventData> events = s.getEvents();
    assertEquals(events.size(), j.path("events").size(), what);
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = j.get("events").get(i);
      assertEquals(events.get(i).getName(), e.get("name").asText(), what);
      assertEquals(Long.toString(events.get(i).getEpochNanos()), e.get("timeUnixNano").asText(), what);
      assertEquals(values(events.get(i).getAttributes()), values(e.get("attributes")), what + " event attributes");
    }
    List<LinkData> links = s.getLinks();
    assertEquals(links.size(), j.path("links").size(), what);
    for (int i = 0; i < links.size(); i++) {
      JsonNode l = j.get("links").get(i);
      SpanContext c = links.get(i).getSpanContext();
      assertEquals(c.getTraceId(), l.get("traceId").asText(), what);
      assertEquals(c.getSpanId(), l.get("spanId").asText(), what);
      assertEquals(values(links.get(i).getAttributes()), values(l.get("attributes")), what + " link attributes");
    }

    assertEquals(values(s.getResource().getAttributes()), values(f.resource.get("attributes")), what + " resource");
    assertEquals(s.getInstrumentationScopeInfo().getName(), f.scope.get("name").asText(), what);
    assertEquals(s.getInstrumentationScopeInfo().getVersion(), f.scope.has("version") ? f.scope.get("version").asText() : null, what);
  }

  /** SDK attributes as plain typed values (arrays as lists). */
  static Map<String, Object> values(Attributes attributes) {
    Map<String, Object> out = new HashMap<>();
    attributes.forEach((k, v) -> out.put(k.getKey(), v instanceof List<?> l ? new ArrayList<>(l) : v));
    return out;
  }

  /** OTLP JSON attributes as the same typed values; a missing list is no attributes. */
  static Map<String, Object> values(JsonNode attributes) {
    Map<String, Object> out = new HashMap<>();
    if (attributes != null) {
      for (JsonNode kv : attributes) {
        assertNull(out.put(kv.get("key").asText(), value(kv.get("value"))), "duplicate key " + kv.get("key"));
      }
    }
    return out;
  }

  static Object value(JsonNode v) {
    if (v.has("stringValue")) {
      return v.get("stringValue").asText();
    }
    if (v.has("boolValue")) {
      return v.get("boolValue").asBoolean();
    }
    if (v.has("intValue")) {
      assertTrue(v.get("intValue").isTextual(), "int64 as a string: " + v);
      return Long.parseLong(v.get("intValue").asText());
    }
    if (v.has("doubleValue")) {
      return v.get("doubleValue").asDouble();
    }
    if (v.has("arrayValue")) {
      List<Object> list = new ArrayList<>();
      for (JsonNode e : v.get("arrayValue").path("values")) {
        list.add(value(e));
      }
      return list;
    }
    throw new AssertionError("unexpected value " + v);
  }
}
