package io.weft.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.codec.JaegerUiJson.ApiError;
import io.weft.model.Log;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerUiJsonTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final TraceId TRACE = new TraceId(0x1234L, 0xabcdefL);
  static final Process FRONTEND = new Process("frontend", List.of(Tag.string("ip", "10.0.0.1"), Tag.string("hostname", "fe")));
  static final Process BACKEND = new Process("backend", List.of(Tag.string("ip", "10.0.0.2")));

  static List<Span> trace() {
    Span root = Span.builder().traceId(TRACE).spanId(0x1).operationName("GET /")
        .flags(1).startTimeMicros(1_700_000_000_000_000L).durationMicros(5000)
        .tags(List.of(Tag.string("http.method", "GET"), Tag.int64("http.status_code", 500),
            Tag.bool("cache.hit", false), Tag.float64("ratio", 0.25),
            Tag.binary("blob", new byte[] {0, 0, 48, 57}), Tag.int64("big", 1L << 60)))
        .logs(List.of(new Log(1_700_000_000_001_000L, List.of(Tag.string("event", "retry"), Tag.int64("attempt", 2)))))
        .process(FRONTEND).kind(SpanKind.SERVER).status(StatusCode.ERROR, "boom")
        .build();
    Span child = Span.builder().traceId(TRACE).spanId(0xfedcba9876543210L).operationName("query")
        .references(List.of(SpanRef.childOf(TRACE, 0x1), new SpanRef(RefType.FOLLOWS_FROM, new TraceId(0, 7), 9)))
        .startTimeMicros(1_700_000_000_001_000L).durationMicros(1000)
        .process(BACKEND).kind(SpanKind.CLIENT).warnings(List.of("This span's timestamps were adjusted by 1ms"))
        .build();
    Span sibling = Span.builder().traceId(TRACE).spanId(0x3).operationName("render")
        .references(List.of(SpanRef.childOf(TRACE, 0x1)))
        .startTimeMicros(1_700_000_000_002_000L).durationMicros(100)
        .process(new Process("frontend", List.of(Tag.string("ip", "10.0.0.1"), Tag.string("hostname", "fe"))))
        .build();
    return List.of(root, child, sibling);
  }

  static JsonNode json(byte[] b) throws Exception {
    return MAPPER.readTree(b);
  }

  @Test
  void writesJaegerFieldNamesAndTypes() throws Exception {
    JsonNode t = json(JaegerUiJson.traceToBytes(trace()));

    assertEquals("00000000000012340000000000abcdef", t.get("traceID").asText());
    assertTrue(t.get("warnings").isNull());
    assertEquals(List.of("traceID", "spans", "processes", "warnings"), fieldNames(t));

    JsonNode root = t.get("spans").get(0);
    assertEquals(List.of("traceID", "spanID", "flags", "operationName", "references", "startTime", "duration",
        "tags", "logs", "processID", "warnings"), fieldNames(root));
    assertEquals("0000000000000001", root.get("spanID").asText());
    assertEquals(1, root.get("flags").asInt());
    assertEquals("GET /", root.get("operationName").asText());
    assertTrue(root.get("references").isArray() && root.get("references").isEmpty());
    assertTrue(root.get("startTime").isIntegralNumber());
    assertEquals(1_700_000_000_000_000L, root.get("startTime").asLong());
    assertEquals(5000, root.get("duration").asLong());
    assertTrue(root.get("warnings").isNull());

    JsonNode tags = root.get("tags");
    assertTag(tags.get(0), "http.method", "string", MAPPER.valueToTree("GET"));
    assertTag(tags.get(1), "http.status_code", "int64", MAPPER.valueToTree(500));
    assertTag(tags.get(2), "cache.hit", "bool", MAPPER.valueToTree(false));
    assertTag(tags.get(3), "ratio", "float64", MAPPER.valueToTree(0.25));
    assertTag(tags.get(4), "blob", "binary", MAPPER.valueToTree("AAAwOQ=="));
    assertTag(tags.get(5), "big", "int64", MAPPER.valueToTree(Long.toString(1L << 60)));
    // JaegerTags.effective: kind and status rendered as Jaeger tags
    assertTag(tags.get(6), "span.kind", "string", MAPPER.valueToTree("server"));
    assertTag(tags.get(7), "otel.status_code", "string", MAPPER.valueToTree("ERROR"));
    assertTag(tags.get(8), "otel.status_description", "string", MAPPER.valueToTree("boom"));
    assertTag(tags.get(9), "error", "bool", MAPPER.valueToTree(true));
    assertEquals(10, tags.size());

    JsonNode log = root.get("logs").get(0);
    assertEquals(List.of("timestamp", "fields"), fieldNames(log));
    assertEquals(1_700_000_000_001_000L, log.get("timestamp").asLong());
    assertTag(log.get("fields").get(1), "attempt", "int64", MAPPER.valueToTree(2));

    JsonNode child = t.get("spans").get(1);
    assertEquals("fedcba9876543210", child.get("spanID").asText());
    JsonNode ref = child.get("references").get(0);
    assertEquals(List.of("refType", "traceID", "spanID"), fieldNames(ref));
    assertEquals("CHILD_OF", ref.get("refType").asText());
    assertEquals("00000000000012340000000000abcdef", ref.get("traceID").asText());
    assertEquals("0000000000000001", ref.get("spanID").asText());
    JsonNode ref2 = child.get("references").get(1);
    assertEquals("FOLLOWS_FROM", ref2.get("refType").asText());
    assertEquals("0000000000000007", ref2.get("traceID").asText());
    assertEquals(List.of("This span's timestamps were adjusted by 1ms"),
        MAPPER.convertValue(child.get("warnings"), List.class));
  }

  @Test
  void arraysAndMapsAreStringsOfTheirJson() throws Exception {
    Span s = trace().get(0).toBuilder().tags(List.of(
        Tag.array("items", List.of(Tag.string("", "a"), Tag.int64("", 2), Tag.float64("", 1.0))),
        Tag.map("m", List.of(Tag.string("z", "1"), Tag.bool("a", true))))).build();
    JsonNode tags = json(JaegerUiJson.traceToBytes(List.of(s))).get("spans").get(0).get("tags");
    assertEquals("{\"key\":\"items\",\"type\":\"string\",\"value\":\"[\\\"a\\\",2,1]\"}", tags.get(0).toString());
    assertEquals("{\"key\":\"m\",\"type\":\"string\",\"value\":\"{\\\"a\\\":true,\\\"z\\\":\\\"1\\\"}\"}", tags.get(1).toString());
  }

  @Test
  void processesAreDeduplicatedPerTrace() throws Exception {
    JsonNode t = json(JaegerUiJson.traceToBytes(trace()));
    assertEquals("p1", t.get("spans").get(0).get("processID").asText());
    assertEquals("p2", t.get("spans").get(1).get("processID").asText());
    assertEquals("p1", t.get("spans").get(2).get("processID").asText(), "equal service and tags share an id");
    JsonNode processes = t.get("processes");
    assertEquals(List.of("p1", "p2"), fieldNames(processes));
    assertEquals("frontend", processes.get("p1").get("serviceName").asText());
    assertTag(processes.get("p1").get("tags").get(1), "hostname", "string", MAPPER.valueToTree("fe"));
    assertEquals("backend", processes.get("p2").get("serviceName").asText());
  }

  @Test
  void shortTraceIdsPrintAs16Digits() throws Exception {
    Span s = trace().get(2).toBuilder().traceId(new TraceId(0, 0x42)).references(List.of()).build();
    assertEquals("0000000000000042", json(JaegerUiJson.traceToBytes(List.of(s))).get("traceID").asText());
  }

  @Test
  void roundTripsThroughTheReader() {
    List<Span> in = trace();
    List<Span> back = JaegerUiJson.read(JaegerUiJson.traceToBytes(in));
    assertEquals(in.size(), back.size());
    for (int i = 0; i < in.size(); i++) {
      assertSpanEquals(in.get(i), back.get(i));
    }
  }

  @Test
  void readsAnApiResponseWithSeveralTraces() {
    List<Span> t = trace();
    byte[] body = JaegerUiJson.toBytes(g -> JaegerUiJson.writeEnvelope(g,
        w -> JaegerUiJson.writeTraces(w, List.of(t.subList(0, 1), t.subList(1, 3))), 2, List.of()));
    List<Span> back = JaegerUiJson.read(body);
    assertEquals(3, back.size());
    assertSpanEquals(t.get(1), back.get(1));
  }

  @Test
  void readsLenientJaegerJson() {
    // Values as text (Jaeger's storage JSON), a missing type, an embedded process, a parentSpanID.
    String doc = """
        [{"traceID":"1","spans":[{"traceID":"1","spanID":"2","parentSpanID":"1","operationName":"op",
          "startTime":10,"duration":5,
          "tags":[{"key":"n","type":"int64","value":"42"},{"key":"b","type":"bool","value":"true"},
                  {"key":"f","type":"float64","value":"1.5"},{"key":"x","value":7},
                  {"key":"bin","type":"binary","value":"AQI="},{"key":"span.kind","type":"string","value":"producer"}],
          "process":{"serviceName":"svc","tags":[]}}]}]
        """;
    Span s = JaegerUiJson.read(doc.getBytes(StandardCharsets.UTF_8)).get(0);
    assertEquals(new TraceId(0, 1), s.traceId());
    assertEquals(2, s.spanId());
    assertEquals(1, s.parentSpanId());
    assertEquals(SpanKind.PRODUCER, s.kind());
    assertEquals("svc", s.serviceName());
    assertEquals(Tag.int64("n", 42), s.tags().get(0));
    assertEquals(Tag.bool("b", true), s.tags().get(1));
    assertEquals(Tag.float64("f", 1.5), s.tags().get(2));
    assertEquals(Tag.int64("x", 7), s.tags().get(3));
    assertEquals(Tag.binary("bin", new byte[] {1, 2}), s.tags().get(4));
    assertEquals(5, s.tags().size());
  }

  @Test
  void rejectsWhatIsNotJaegerJson() {
    assertThrows(CodecException.class, () -> JaegerUiJson.read("{".getBytes(StandardCharsets.UTF_8)));
    assertThrows(CodecException.class, () -> JaegerUiJson.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(CodecException.class, () -> JaegerUiJson.read(
        "{\"spans\":[{\"traceID\":\"zz\",\"spanID\":\"1\",\"processID\":\"p1\"}],\"processes\":{}}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(CodecException.class, () -> JaegerUiJson.read(
        "{\"spans\":[{\"traceID\":\"1\",\"spanID\":\"1\",\"processID\":\"p9\"}],\"processes\":{}}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void envelopeAndErrorShapes() throws Exception {
    JsonNode ok = json(JaegerUiJson.toBytes(g -> JaegerUiJson.writeEnvelope(g,
        w -> JaegerUiJson.writeStrings(w, List.of("a", "b")), 2, null)));
    assertEquals(List.of("data", "total", "limit", "offset", "errors"), fieldNames(ok));
    assertEquals("[\"a\",\"b\"]", ok.get("data").toString());
    assertEquals(2, ok.get("total").asInt());
    assertEquals(0, ok.get("limit").asInt());
    assertEquals(0, ok.get("offset").asInt());
    assertTrue(ok.get("errors").isNull());

    String err = new String(JaegerUiJson.toBytes(g -> JaegerUiJson.writeError(g, 404, "trace not found")),
        StandardCharsets.UTF_8);
    assertEquals("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}", err);

    JsonNode missing = json(JaegerUiJson.toBytes(g -> JaegerUiJson.writeEnvelope(g,
        w -> JaegerUiJson.writeTraces(w, List.of()), 0, List.of(new ApiError(0, "trace not found", "00000000000000ff")))));
    JsonNode e = missing.get("errors").get(0);
    assertFalse(e.has("code"));
    assertEquals("00000000000000ff", e.get("traceID").asText());
  }

  @Test
  void operationsAndDependencies() throws Exception {
    JsonNode ops = json(JaegerUiJson.toBytes(g -> JaegerUiJson.writeOperations(g,
        List.of(new Operation("GET /", "server"), new Operation("x", "")))));
    assertEquals("[{\"name\":\"GET /\",\"spanKind\":\"server\"},{\"name\":\"x\",\"spanKind\":\"\"}]", ops.toString());
    JsonNode deps = json(JaegerUiJson.toBytes(g -> JaegerUiJson.writeDependencies(g,
        List.of(new DependencyLink("a", "b", 3)))));
    assertEquals("[{\"parent\":\"a\",\"child\":\"b\",\"callCount\":3}]", deps.toString());
  }

  static void assertTag(JsonNode tag, String key, String type, JsonNode value) {
    assertEquals(List.of("key", "type", "value"), fieldNames(tag));
    assertEquals(key, tag.get("key").asText());
    assertEquals(type, tag.get("type").asText());
    assertEquals(value, tag.get("value"), key);
  }

  static void assertSpanEquals(Span expected, Span actual) {
    assertEquals(expected.traceId(), actual.traceId());
    assertEquals(expected.spanId(), actual.spanId());
    assertEquals(expected.operationName(), actual.operationName());
    assertEquals(expected.references(), actual.references());
    assertEquals(expected.flags(), actual.flags());
    assertEquals(expected.startTimeMicros(), actual.startTimeMicros());
    assertEquals(expected.durationMicros(), actual.durationMicros());
    assertEquals(expected.tags(), actual.tags());
    assertEquals(expected.logs(), actual.logs());
    assertEquals(expected.process(), actual.process());
    assertEquals(expected.kind(), actual.kind());
    assertEquals(expected.statusCode(), actual.statusCode());
    assertEquals(expected.statusMessage(), actual.statusMessage());
    assertEquals(expected.warnings(), actual.warnings());
    assertEquals(expected, actual);
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void binaryValueDecodes() throws Exception {
    JsonNode t = json(JaegerUiJson.traceToBytes(trace()));
    assertArrayEquals(new byte[] {0, 0, 48, 57}, t.get("spans").get(0).get("tags").get(4).get("value").binaryValue());
  }
}
