package io.weft.storage.opensearch;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.weft.metrics.WeftMetrics;
import io.weft.model.DependencyLink;
import io.weft.model.Log;
import io.weft.model.Operation;
import io.weft.model.Process;
import io.weft.model.RefType;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.TraceQuery;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jaeger's own indices: the test creates them from Jaeger's documented mappings and writes documents
 * the way Jaeger's Elasticsearch/OpenSearch storage writes them (tag values as text, as before
 * Jaeger 1.16, or typed; binary as hex; ids without leading zeros; a parentSpanID field; the
 * tags-as-fields maps); Weft with {@code opensearch.jaeger-compat} reads them all back, and what
 * it writes there is in Jaeger's shape.
 */
class JaegerIndicesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "jt";
  static OpenSearchTestNode node;
  static Vertx vertx;
  static OpenSearchSpanStore store;
  static long now;
  static String day;

  @BeforeAll
  static void jaegerIndices() throws Exception {
    node = OpenSearchTestNode.shared();
    now = (System.currentTimeMillis() - 60_000) * 1000;
    day = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(now / 1000));
    // Left over from an earlier run on a long-lived node (-Dweft.opensearch.port): start afresh.
    node.request("DELETE", "/" + PREFIX + "-jaeger-span-" + day + "," + PREFIX + "-jaeger-service-" + day + ","
        + PREFIX + "-jaeger-dependencies-" + day + "?ignore_unavailable=true", null);
    put("/" + PREFIX + "-jaeger-span-" + day, resource("jaeger-span-index.json"));
    put("/" + PREFIX + "-jaeger-service-" + day, resource("jaeger-service-index.json"));
    put("/" + PREFIX + "-jaeger-dependencies-" + day, "{\"settings\":{\"index.number_of_replicas\":0},\"mappings\":{}}");
    long t = now;
    String spans = String.join("\n",
        // Jaeger before 1.16: values as text, the 64-bit trace id without leading zeros, parentSpanID.
        "{\"index\":{}}",
        "{\"traceID\":\"abc123\",\"spanID\":\"0000000000000002\",\"parentSpanID\":\"0000000000000001\",\"flags\":1,"
            + "\"operationName\":\"GET /cart\",\"references\":[],\"startTime\":" + (t + 10) + ",\"startTimeMillis\":"
            + (t + 10) / 1000 + ",\"duration\":500,\"tags\":[{\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"client\"},"
            + "{\"key\":\"http.status_code\",\"type\":\"int64\",\"value\":\"503\"},"
            + "{\"key\":\"error\",\"type\":\"bool\",\"value\":\"true\"},"
            + "{\"key\":\"blob\",\"type\":\"binary\",\"value\":\"00003039\"}],"
            + "\"logs\":[{\"timestamp\":" + (t + 20) + ",\"fields\":[{\"key\":\"event\",\"type\":\"string\",\"value\":\"retry\"}]}],"
            + "\"process\":{\"serviceName\":\"jt-frontend\",\"tags\":[{\"key\":\"hostname\",\"type\":\"string\",\"value\":\"web-1\"}]}}",
        // Jaeger 1.16+: typed values, FOLLOWS_FROM, tags-as-fields maps with dots written as @.
        "{\"index\":{}}",
        "{\"traceID\":\"0000000000abc123\",\"spanID\":\"0000000000000001\",\"operationName\":\"HTTP GET\","
            + "\"references\":[{\"refType\":\"FOLLOWS_FROM\",\"traceID\":\"00000000000000ff\",\"spanID\":\"00000000000000fe\"}],"
            + "\"startTime\":" + t + ",\"startTimeMillis\":" + t / 1000 + ",\"duration\":1000,"
            + "\"tags\":[{\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"server\"},"
            + "{\"key\":\"ratio\",\"type\":\"float64\",\"value\":72.5},{\"key\":\"cache.hit\",\"type\":\"bool\",\"value\":false}],"
            + "\"tag\":{\"http@method\":\"GET\"},\"logs\":[],"
            + "\"process\":{\"serviceName\":\"jt-gateway\",\"tags\":[],\"tag\":{\"region\":\"eu-1\"}}}",
        "");
    bulk(PREFIX + "-jaeger-span-" + day, spans);
    bulk(PREFIX + "-jaeger-service-" + day, String.join("\n",
        "{\"index\":{}}", "{\"serviceName\":\"jt-frontend\",\"operationName\":\"GET /cart\"}",
        "{\"index\":{}}", "{\"serviceName\":\"jt-gateway\",\"operationName\":\"HTTP GET\"}", ""));
    // As Jaeger's Spark job writes them: one document per run, the links in a list.
    bulk(PREFIX + "-jaeger-dependencies-" + day, String.join("\n",
        "{\"index\":{}}", "{\"timestamp\":\"" + Instant.ofEpochMilli(t / 1000) + "\",\"dependencies\":["
            + "{\"parent\":\"jt-gateway\",\"child\":\"jt-frontend\",\"callCount\":7,\"source\":\"jaeger\"}]}", ""));

    vertx = Vertx.vertx();
    store = await(OpenSearchSpanStore.open(vertx, node.settings(Map.of("opensearch.jaeger-compat", "true",
        "opensearch.index.prefix", PREFIX)), new WeftMetrics()), 120);
  }

  @AfterAll
  static void close() {
    await(store.close());
    await(vertx.close());
  }

  @Test
  void spansJaegerWroteReadBackWithEveryField() {
    TraceId id = TraceId.fromHex("abc123");
    List<Span> trace = await(store.getTrace(id)).stream().sorted(Comparator.comparingLong(Span::spanId)).toList();
    assertEquals(2, trace.size(), "both spellings of the id: " + trace);
    Span root = trace.get(0);
    Span child = trace.get(1);
    assertEquals(id, root.traceId());
    assertEquals(SpanKind.SERVER, root.kind());
    assertEquals(List.of(new SpanRef(RefType.FOLLOWS_FROM, TraceId.fromHex("ff"), 0xfe)), root.references());
    assertEquals(List.of(Tag.float64("ratio", 72.5), Tag.bool("cache.hit", false), Tag.string("http.method", "GET")),
        root.tags());
    assertEquals(new Process("jt-gateway", List.of(Tag.string("region", "eu-1"))), root.process());
    assertEquals(now, root.startTimeMicros());
    assertEquals(1000, root.durationMicros());

    assertEquals(SpanKind.CLIENT, child.kind());
    assertEquals(1, child.parentSpanId(), "parentSpanID becomes the CHILD_OF reference");
    assertEquals(1, child.flags());
    assertEquals(List.of(Tag.int64("http.status_code", 503), Tag.bool("error", true),
        Tag.binary("blob", new byte[] {0, 0, 0x30, 0x39})), child.tags());
    assertEquals(List.of(new Log(now + 20, List.of(Tag.string("event", "retry")))), child.logs());
    assertEquals(StatusCode.UNSET, child.statusCode());
  }

  @Test
  void servicesOperationsSearchAndDependenciesOfJaegersIndices() {
    List<String> services = await(store.getServices());
    assertTrue(services.containsAll(List.of("jt-frontend", "jt-gateway")), services.toString());
    assertEquals(List.of(new Operation("GET /cart", "")), await(store.getOperations("jt-frontend", null)));

    TraceId id = TraceId.fromHex("abc123");
    long from = now - 3_600_000_000L;
    long to = now + 60_000_000L;
    // A value Jaeger wrote as text, one it wrote typed, a tags-as-fields entry, a process tag, a log field.
    for (Map.Entry<String, String> tag : Map.of("http.status_code", "503", "ratio", "72.5", "http.method", "GET",
        "region", "eu-1", "hostname", "web-1", "event", "retry").entrySet()) {
      List<List<Span>> found = await(store.findTraces(new TraceQuery(null, null, Map.of(tag.getKey(), tag.getValue()),
          from, to, 0, 0, 20)));
      assertEquals(List.of(id), found.stream().map(t -> t.get(0).traceId()).distinct().toList(), tag.toString());
      assertEquals(2, found.get(0).size());
    }
    assertEquals(List.of(), await(store.findTraces(new TraceQuery("jt-frontend", null, Map.of("http.status_code", "500"),
        from, to, 0, 0, 20))));

    List<DependencyLink> links = await(store.getDependencies(now + 1000, 3_600_000_000L));
    assertTrue(links.contains(new DependencyLink("jt-gateway", "jt-frontend", 7)), links.toString());
  }

  @Test
  void weftWritesJaegersShapeIntoJaegersIndices() throws Exception {
    TraceId id = new TraceId(0x1234, 0x5678);
    Span server = Span.builder().traceId(id).spanId(1).operationName("POST /pay").startTimeMicros(now + 100)
        .durationMicros(300).kind(SpanKind.SERVER).status(StatusCode.ERROR, "declined")
        .tags(List.of(Tag.int64("http.status_code", 402), Tag.float64("amount", 3.0)))
        .process(new Process("jt-billing", List.of(Tag.string("host", "b-1")))).build();
    Span client = Span.builder().traceId(id).spanId(2).operationName("charge").startTimeMicros(now + 110)
        .durationMicros(100).kind(SpanKind.CLIENT).references(List.of(SpanRef.childOf(id, 1)))
        .process(new Process("jt-billing-db", List.of())).build();
    await(store.write(List.of(server, client)));

    assertEquals(List.of(server, client), await(store.getTrace(id)).stream()
        .sorted(Comparator.comparingLong(Span::spanId)).toList(), "read back as written");
    JsonNode doc = JSON.readTree(node.request("GET", "/" + PREFIX + "-jaeger-span-" + day + "/_search?q=spanID:"
        + "0000000000000001%20AND%20traceID:" + id.toHex(), null).body()).path("hits").path("hits").path(0).path("_source");
    assertEquals("00000000000012340000000000005678", doc.path("traceID").asText());
    assertEquals((now + 100) / 1000, doc.path("startTimeMillis").asLong());
    assertEquals("jt-billing", doc.path("process").path("serviceName").asText());
    assertEquals("[{\"key\":\"http.status_code\",\"type\":\"int64\",\"value\":402},"
        + "{\"key\":\"amount\",\"type\":\"float64\",\"value\":3},"
        + "{\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"server\"},"
        + "{\"key\":\"otel.status_code\",\"type\":\"string\",\"value\":\"ERROR\"},"
        + "{\"key\":\"otel.status_description\",\"type\":\"string\",\"value\":\"declined\"},"
        + "{\"key\":\"error\",\"type\":\"bool\",\"value\":true}]", doc.path("tags").toString(), "Jaeger's tags");
    assertTrue(!doc.has("tagKV") && !doc.has("kind"), "nothing of Weft's own: " + doc);
    // Jaeger's service documents carry no kind: neither do operations in its layout.
    assertEquals(List.of(new Operation("POST /pay", "")), await(store.getOperations("jt-billing", "server")));
    assertTrue(await(store.getDependencies(now + 1000, 3_600_000_000L))
        .contains(new DependencyLink("jt-billing", "jt-billing-db", 1)));
  }

  /**
   * Jaeger's documents have no array or map type and no attributes on references: an OTLP array is a
   * string tag holding the JSON text Jaeger shows (found by that text), and a link's attributes are
   * left out, as Jaeger's own OTLP path does.
   */
  @Test
  void arraysBecomeJaegersStringTagsAndLinkAttributesAreLeftOut() throws Exception {
    TraceId id = new TraceId(0x4321, 0x8765);
    Span s = Span.builder().traceId(id).spanId(1).operationName("batch").startTimeMicros(now + 200).durationMicros(50)
        .tags(List.of(Tag.array("jt.items", List.of(Tag.string("", "a"), Tag.int64("", 2)))))
        .references(List.of(new SpanRef(RefType.FOLLOWS_FROM, new TraceId(0, 9), 7, List.of(Tag.int64("link.index", 3)))))
        .process(new Process("jt-batch", List.of())).build();
    await(store.write(List.of(s)));

    JsonNode doc = JSON.readTree(node.request("GET", "/" + PREFIX + "-jaeger-span-" + day + "/_search?q=traceID:"
        + id.toHex(), null).body()).path("hits").path("hits").path(0).path("_source");
    assertEquals("[{\"key\":\"jt.items\",\"type\":\"string\",\"value\":\"[\\\"a\\\",2]\"}]", doc.path("tags").toString());
    assertEquals("[{\"refType\":\"FOLLOWS_FROM\",\"traceID\":\"0000000000000009\","
        + "\"spanID\":\"0000000000000007\"}]", doc.path("references").toString());
    assertEquals(List.of(Tag.string("jt.items", "[\"a\",2]")), await(store.getTrace(id)).get(0).tags());
    assertEquals(List.of(id), await(store.findTraces(new TraceQuery("jt-batch", null, Map.of("jt.items", "[\"a\",2]"),
        now - 3_600_000_000L, now + 60_000_000L, 0, 0, 20))).stream().map(t -> t.get(0).traceId()).toList());
  }

  private static String resource(String name) throws Exception {
    try (var in = JaegerIndicesTest.class.getResourceAsStream("/opensearch/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void put(String path, String body) {
    HttpResponse<String> r = node.request("PUT", path, body);
    assertEquals(200, r.statusCode(), r.body());
  }

  private static void bulk(String index, String ndjson) {
    HttpResponse<String> r = node.request("POST", "/" + index + "/_bulk?refresh=true", ndjson);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"errors\":false"), r.body());
  }
}
