package io.weft.query.tempo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.weft.query.QueryOptions;
import io.weft.query.http.QueryVerticle;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.traceql.QueryFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Tempo's HTTP API on Weft's query port, field by field as Tempo and Grafana read it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempoApiTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  Vertx vertx;
  WebClient client;
  int port;
  QueryFixture f;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    MemorySpanStore store = new MemorySpanStore(1000);
    f = new QueryFixture((System.currentTimeMillis() / 1000 - 1800) * 1_000_000L);
    await(store.write(f.all()));
    QueryVerticle v = new QueryVerticle(store, QueryOptions.defaults().withHost("127.0.0.1").withPort(0)
        .withWebroot("no-such-folder"));
    await(vertx.deployVerticle(v));
    port = v.actualPort();
    client = WebClient.create(vertx);
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void searchAnswersTracesWithTheirMatchedSpans() throws Exception {
    JsonNode body = search("{ resource.service.name = \"$checkout\" && span.http.status_code >= 500 } >> "
        + "{ name =~ \"SELECT.*\" && duration > 200ms }", "");
    assertEquals(1, body.get("traces").size());
    JsonNode t = body.get("traces").get(0);
    assertEquals(f.id("deep").toHex().replaceFirst("^0+", ""), t.get("traceID").asText());
    assertEquals(f.svc("frontend"), t.get("rootServiceName").asText());
    assertEquals("GET /checkout", t.get("rootTraceName").asText());
    assertEquals(Long.toString(f.base * 1000), t.get("startTimeUnixNano").asText(), "nanoseconds, as a string");
    assertTrue(t.get("startTimeUnixNano").isTextual());
    assertEquals(300, t.get("durationMs").asInt());
    assertTrue(t.get("durationMs").isNumber());
    assertEquals(1, t.get("spanSets").size());
    JsonNode set = t.get("spanSets").get(0);
    assertEquals(set, t.get("spanSet"), "the deprecated single spanSet is the first of spanSets");
    assertEquals(1, set.get("matched").asInt());
    JsonNode span = set.get("spans").get(0);
    assertEquals("0000000000000003", span.get("spanID").asText());
    assertEquals("SELECT orders", span.get("name").asText());
    assertEquals(Long.toString((f.base + 20_000) * 1000), span.get("startTimeUnixNano").asText());
    assertEquals("250000000", span.get("durationNanos").asText());
    assertEquals(3, t.get("serviceStats").size());
    assertEquals(7, t.get("serviceStats").get(f.svc("db")).get("spanCount").asInt());
    assertEquals(1, t.get("serviceStats").get(f.svc("checkout")).get("errorCount").asInt());
    assertTrue(body.get("metrics").get("inspectedTraces").asInt() >= 1);
    assertFalse(body.has("partial"));
  }

  @Test
  void matchedSpansCarryTheAttributesTheQueryNames() throws Exception {
    JsonNode span = search("{ span.http.status_code >= 500 && status = error } | select(span.http.method)", "")
        .get("traces").get(0).get("spanSets").get(0).get("spans").get(0);
    List<String> attrs = new ArrayList<>();
    span.get("attributes").forEach(a -> attrs.add(a.get("key").asText() + "=" + a.get("value")));
    assertEquals(List.of("http.status_code={\"intValue\":\"503\"}", "status={\"stringValue\":\"error\"}",
        "http.method={\"stringValue\":\"POST\"}"), attrs);
  }

  @Test
  void spssCapsTheSpansShownNotTheMatchedCount() throws Exception {
    JsonNode set = search("{ name = \"fetch-item\" }", "&spss=2").get("traces").get(0).get("spanSets").get(0);
    assertEquals(2, set.get("spans").size());
    assertEquals(40, set.get("matched").asInt());
    assertEquals(3, search("{ name = \"fetch-item\" }", "").get("traces").get(0).get("spanSets").get(0)
        .get("spans").size(), "Tempo's default spss is 3");
  }

  @Test
  void groupsAndAggregatesAreSpansetAttributes() throws Exception {
    JsonNode t = search("{ } | by(resource.service.name) | count() > 1", "&limit=50");
    JsonNode wide = null;
    for (JsonNode trace : t.get("traces")) {
      if (trace.get("rootTraceName").asText().equals("GET /browse")) {
        wide = trace;
      }
    }
    assertEquals(1, wide.get("spanSets").size(), "frontend has one span there: only catalog's group passes");
    JsonNode attrs = wide.get("spanSets").get(0).get("attributes");
    assertEquals("by(resource.service.name)", attrs.get(0).get("key").asText());
    assertEquals(f.svc("catalog"), attrs.get(0).get("value").get("stringValue").asText());
    assertEquals("count()", attrs.get(1).get("key").asText());
    assertEquals("41", attrs.get(1).get("value").get("intValue").asText());
  }

  @Test
  void limitAndTimeRange() throws Exception {
    JsonNode all = search("{ resource.service.name =~ \"$.*\" }", "&limit=2");
    assertEquals(2, all.get("traces").size());
    assertEquals("GET /health", all.get("traces").get(0).get("rootTraceName").asText(), "newest first");
    long s = f.base / 1_000_000;
    assertEquals(4, search("{ resource.service.name =~ \"$.*\" }", "&start=" + (s - 10) + "&end=" + (s + 10)).get("traces")
        .size());
    assertEquals(0, search("{ resource.service.name =~ \"$.*\" }", "&start=" + (s - 100) + "&end=" + (s - 10))
        .get("traces").size());
  }

  @Test
  void legacyTagSearchWithoutTraceQl() throws Exception {
    JsonNode body = getJson("/api/search?tags=" + enc("http.method=POST") + "&minDuration=100ms", 200);
    assertEquals(Set.of("deep"), names(body));
    assertEquals(Set.of(), names(getJson("/api/search?tags=" + enc("http.method=POST") + "&minDuration=290ms", 200)));
  }

  @Test
  void aQueryThatDoesNotParseIsA400WithWhereAndWhat() throws Exception {
    JsonNode err = getJson("/api/search?q=" + enc("{ span.a = 1 &&\n  name = }"), 400);
    assertEquals(2, err.get("line").asInt());
    assertEquals(10, err.get("column").asInt());
    assertEquals("a value, an attribute or an intrinsic", err.get("expected").asText());
    assertEquals("'}'", err.get("found").asText());
    assertTrue(err.get("error").asText().contains("line 2, column 10"), err.toString());
    assertEquals(400, get("/api/search?q=" + enc("{ name = 5 }")).statusCode(), "type errors too");
    assertEquals(400, get("/api/search?q=" + enc("{ }") + "&limit=abc").statusCode());
    assertEquals(400, get("/api/search?q=" + enc("{ }") + "&start=20&end=10").statusCode());
  }

  @Test
  void tagNames() throws Exception {
    JsonNode v1 = getJson("/api/search/tags", 200);
    Set<String> names = texts(v1.get("tagNames"));
    assertTrue(names.containsAll(Set.of("http.method", "http.status_code", "service.name", "deployment.environment")),
        names.toString());
    assertFalse(names.contains("otel.scope.name"));
    assertEquals(Set.of("deployment.environment", "host.name", "service.name"),
        texts(getJson("/api/search/tags?scope=resource", 200).get("tagNames")));
    assertTrue(texts(getJson("/api/search/tags?scope=intrinsic", 200).get("tagNames")).contains("trace:rootService"));

    JsonNode v2 = getJson("/api/v2/search/tags", 200);
    List<String> scopes = new ArrayList<>();
    for (JsonNode s : v2.get("scopes")) {
      scopes.add(s.get("name").asText());
    }
    assertEquals(List.of("span", "resource", "event", "link", "intrinsic"), scopes);
    assertEquals(Set.of("attempt", "exception.message"), texts(v2.get("scopes").get(2).get("tags")));
    assertEquals(Set.of("attempt", "opentracing.ref_type", "reason"), texts(v2.get("scopes").get(3).get("tags")));
    assertEquals(1, getJson("/api/v2/search/tags?scope=span", 200).get("scopes").size());
    assertEquals(400, get("/api/v2/search/tags?scope=planet").statusCode());
  }

  @Test
  void tagValues() throws Exception {
    Set<String> services = texts(getJson("/api/search/tag/service.name/values", 200).get("tagValues"));
    assertTrue(services.containsAll(Set.of(f.svc("frontend"), f.svc("db"), f.svc("worker"))), services.toString());
    JsonNode v2 = getJson("/api/v2/search/tag/span.http.status_code/values", 200).get("tagValues");
    assertEquals("int", v2.get(0).get("type").asText());
    Set<String> codes = new TreeSet<>();
    v2.forEach(v -> codes.add(v.get("value").asText()));
    assertEquals(Set.of("200", "503"), codes);
    JsonNode status = getJson("/api/v2/search/tag/status/values", 200).get("tagValues");
    assertEquals("keyword", status.get(0).get("type").asText());
    assertEquals(3, status.size());
  }

  @Test
  void tagValuesFilteredByAQuery() throws Exception {
    String q = enc("{ resource.service.name = \"" + f.svc("checkout") + "\" }");
    JsonNode names = getJson("/api/v2/search/tag/name/values?q=" + q, 200).get("tagValues");
    assertEquals(1, names.size());
    assertEquals("POST /pay", names.get(0).get("value").asText());
    JsonNode unfinished = getJson("/api/v2/search/tag/resource.service.name/values?q=" + enc("{ span.http.method = "),
        200).get("tagValues");
    assertTrue(unfinished.size() >= 5, "an unfinished query is ignored: " + unfinished);
  }

  @Test
  void echoAnswersGrafanasConnectionTest() throws Exception {
    HttpResponse<Buffer> r = get("/api/echo");
    assertEquals(200, r.statusCode());
    assertEquals("echo", r.bodyAsString());
    assertEquals("2.1.0", getJson("/api/status/buildinfo", 200).get("version").asText(),
        "below 2.2.0, Grafana keeps to HTTP search (no gRPC streaming)");
  }

  @Test
  void traceByIdAsTempoProtobuf() throws Exception {
    String id = f.id("deep").toHex();
    HttpResponse<Buffer> v2 = await(client.get(port, "127.0.0.1", "/api/v2/traces/" + id)
        .putHeader("Accept", "application/protobuf").send());
    assertEquals(200, v2.statusCode());
    assertEquals("application/protobuf", v2.getHeader("Content-Type"));
    CodedInputStream in = CodedInputStream.newInstance(v2.body().getBytes());
    assertEquals((1 << 3) | 2, in.readTag(), "TraceByIDResponse.trace is field 1, length-delimited");
    TracesData trace = TracesData.parseFrom(in.readBytes());
    assertEquals(9, spanCount(trace));

    HttpResponse<Buffer> v1 = await(client.get(port, "127.0.0.1", "/api/traces/" + id)
        .putHeader("Accept", "application/protobuf").send());
    assertEquals(9, spanCount(TracesData.parseFrom(v1.body().getBytes())));

    JsonNode jaeger = getJson("/api/traces/" + id, 200);
    assertEquals(9, jaeger.get("data").get(0).get("spans").size(), "without protobuf asked: Jaeger's JSON API");
    JsonNode json = getJson("/api/v2/traces/" + id, 200);
    assertTrue(json.get("trace").get("resourceSpans").size() >= 3);
    assertEquals(404, get("/api/v2/traces/00000000000000000000000000000abc").statusCode());
  }

  private static int spanCount(TracesData t) {
    int n = 0;
    for (var rs : t.getResourceSpansList()) {
      for (var ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }

  private JsonNode search(String q, String extra) throws Exception {
    return getJson("/api/search?q=" + enc(q.replace("$", f.prefix)) + extra, 200);
  }

  private Set<String> names(JsonNode body) {
    Set<String> out = new TreeSet<>();
    for (JsonNode t : body.get("traces")) {
      for (String n : f.traces.keySet()) {
        if (f.id(n).toHex().replaceFirst("^0+", "").equals(t.get("traceID").asText())) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private JsonNode getJson(String uri, int status) throws Exception {
    HttpResponse<Buffer> r = get(uri);
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    return MAPPER.readTree(r.bodyAsString());
  }

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return await(client.get(port, "127.0.0.1", uri).send());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static <T> T await(Future<T> fut) throws Exception {
    return fut.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
