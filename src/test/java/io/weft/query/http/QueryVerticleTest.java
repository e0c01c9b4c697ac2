package io.weft.query.http;

import static io.weft.testing.CheckoutTraces.*;
import io.weft.query.QueryOptions;
import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.weft.codec.JaegerUiJson;
import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.model.DependencyLink;
import io.weft.model.Operation;
import io.weft.storage.SpanReader;
import io.weft.storage.TraceQuery;
import io.weft.storage.memory.MemorySpanStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class QueryVerticleTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  Vertx vertx;
  WebClient client;
  int port;
  @TempDir
  Path webroot;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Files.writeString(webroot.resolve("index.html"), "<html>weft ui</html>");
    Files.writeString(webroot.resolve("app.js"), "console.log('weft')");
    MemorySpanStore store = new MemorySpanStore(1000);
    List<Span> all = new ArrayList<>(traceA());
    all.addAll(traceB());
    await(store.write(all));
    port = deploy(store, webroot.toString());
    client = WebClient.create(vertx);
  }

  int deploy(SpanReader reader, String root) throws Exception {
    QueryVerticle v = new QueryVerticle(reader,
        QueryOptions.defaults().withHost("127.0.0.1").withPort(0).withWebroot(root));
    await(vertx.deployVerticle(v));
    return v.actualPort();
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return get(port, uri);
  }

  HttpResponse<Buffer> get(int p, String uri) throws Exception {
    return await(client.get(p, "127.0.0.1", uri).send());
  }

  JsonNode getJson(String uri, int status) throws Exception {
    HttpResponse<Buffer> r = get(uri);
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    return MAPPER.readTree(r.bodyAsString());
  }

  @Test
  void services() throws Exception {
    JsonNode body = getJson("/api/services", 200);
    assertEquals("[\"backend\",\"frontend\"]", body.get("data").toString());
    assertEquals(2, body.get("total").asInt());
    assertEquals(0, body.get("limit").asInt());
    assertEquals(0, body.get("offset").asInt());
    assertTrue(body.get("errors").isNull());
  }

  @Test
  void operations() throws Exception {
    assertEquals("[\"GET /checkout\",\"GET /health\",\"charge\"]",
        getJson("/api/services/frontend/operations", 200).get("data").toString());
    assertEquals("[{\"name\":\"GET /checkout\",\"spanKind\":\"server\"},{\"name\":\"GET /health\",\"spanKind\":\"server\"}]",
        getJson("/api/operations?service=frontend&spanKind=server", 200).get("data").toString());
    JsonNode err = getJson("/api/operations", 400);
    assertEquals("parameter 'service' is required", err.get("errors").get(0).get("msg").asText());
  }

  @Test
  void traceByIdIsAdjusted() throws Exception {
    JsonNode body = getJson("/api/traces/0000000000001111000000000000000a", 200);
    assertEquals(1, body.get("data").size());
    JsonNode trace = body.get("data").get(0);
    assertEquals("0000000000001111000000000000000a", trace.get("traceID").asText());
    JsonNode spans = trace.get("spans");
    assertEquals(3, spans.size());
    JsonNode server = spans.get(2);
    assertEquals("0000000000000003", server.get("spanID").asText(), "server half got a unique id");
    assertEquals("0000000000000002", server.get("references").get(0).get("spanID").asText());
    assertEquals(T0 + 20_000, server.get("startTime").asLong(), "moved inside the client span");
    assertEquals("This span's timestamps were adjusted by -1s", server.get("warnings").get(0).asText());
    assertEquals("p2", server.get("processID").asText());
    assertEquals("backend", trace.get("processes").get("p2").get("serviceName").asText());
    assertTrue(server.get("tags").toString().contains("{\"key\":\"error\",\"type\":\"bool\",\"value\":true}"));
  }

  @Test
  void rawTraceIsNotAdjusted() throws Exception {
    JsonNode spans = getJson("/api/traces/1111000000000000000a?raw=true", 200).get("data").get(0).get("spans");
    assertEquals("0000000000000002", spans.get(2).get("spanID").asText());
    assertEquals(T0 + 1_020_000, spans.get(2).get("startTime").asLong());
    assertTrue(spans.get(2).get("warnings").isNull());
  }

  @Test
  void missingOrMalformedTraceId() throws Exception {
    HttpResponse<Buffer> r = get("/api/traces/abcdef");
    assertEquals(404, r.statusCode());
    assertEquals("{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}",
        r.bodyAsString());
    JsonNode bad = getJson("/api/traces/not-hex", 400);
    assertEquals(400, bad.get("errors").get(0).get("code").asInt());
    assertTrue(bad.get("errors").get(0).get("msg").asText().contains("not-hex"));
  }

  @Test
  void searchByServiceTagsAndDuration() throws Exception {
    JsonNode all = getJson("/api/traces?service=frontend&lookback=1h", 200);
    assertEquals(2, all.get("data").size());
    assertEquals("000000000000000b", all.get("data").get(0).get("traceID").asText(), "most recent first");

    JsonNode slow = getJson("/api/traces?service=frontend&lookback=1h&minDuration=50ms", 200);
    assertEquals(1, slow.get("data").size());
    assertEquals("0000000000001111000000000000000a", slow.get("data").get(0).get("traceID").asText());

    JsonNode byTag = getJson("/api/traces?service=frontend&tag=http.status_code:200", 200);
    assertEquals(1, byTag.get("data").size());
    JsonNode byJsonTags = getJson("/api/traces?service=backend&tags=%7B%22error%22%3A%22true%22%7D", 200);
    assertEquals(1, byJsonTags.get("data").size());

    assertEquals(1, getJson("/api/traces?service=frontend&limit=1", 200).get("data").size());
    JsonNode outOfRange = getJson("/api/traces?service=frontend&start=1&end=2", 200);
    assertEquals(0, outOfRange.get("data").size());
  }

  @Test
  void searchByTraceIds() throws Exception {
    JsonNode body = getJson("/api/traces?traceID=b&traceID=ff", 200);
    assertEquals(1, body.get("data").size());
    assertEquals("000000000000000b", body.get("data").get(0).get("traceID").asText());
    JsonNode err = body.get("errors").get(0);
    assertEquals("trace not found", err.get("msg").asText());
    assertEquals("00000000000000ff", err.get("traceID").asText());
    assertFalse(err.has("code"));
  }

  @Test
  void searchWithoutAService() throws Exception {
    JsonNode all = getJson("/api/traces?lookback=1h", 200);
    assertEquals(2, all.get("data").size(), "both traces, of any service");
    assertEquals("000000000000000b", all.get("data").get(0).get("traceID").asText(), "most recent first");

    JsonNode byOperation = getJson("/api/traces?operation=charge&lookback=1h", 200);
    assertEquals(1, byOperation.get("data").size(), "an operation alone matches its name in any service");
    assertEquals("0000000000001111000000000000000a", byOperation.get("data").get(0).get("traceID").asText());
    assertEquals(3, byOperation.get("data").get(0).get("spans").size(), "the whole trace");
    assertEquals(0, getJson("/api/traces?operation=refund&lookback=1h", 200).get("data").size());

    JsonNode byTag = getJson("/api/traces?tags=%7B%22error%22%3A%22true%22%7D", 200);
    assertEquals(1, byTag.get("data").size(), "a tag alone, Jaeger's default lookback");
    assertEquals(1, getJson("/api/traces?service=&minDuration=50ms&lookback=1h", 200).get("data").size(),
        "an empty service is any service; a duration alone");
    assertEquals(1, getJson("/api/traces?limit=1&lookback=1h", 200).get("data").size());
  }

  @Test
  void unboundedSearchesAre400NamingTheLimit() throws Exception {
    long nowUs = System.currentTimeMillis() * 1000;
    assertEquals("a search without a service may cover at most 7d (query.max-search-window); this one covers 30d: "
            + "shorten the time range or choose a service",
        getJson("/api/traces?lookback=720h", 400).get("errors").get(0).get("msg").asText());
    assertEquals("a search without a service needs a time range (a start and an end) of at most 7d "
            + "(query.max-search-window); or choose a service",
        getJson("/api/traces?operation=charge&start=0&end=" + nowUs, 400).get("errors").get(0).get("msg").asText());
    assertEquals(2, getJson("/api/traces?service=frontend&lookback=720h", 200).get("data").size(),
        "a service's search is not capped in time");
    assertEquals("limit 5000 is more than this node's search depth of 1500 traces (query.max-search-depth)",
        getJson("/api/traces?service=frontend&limit=5000", 400).get("errors").get(0).get("msg").asText());

    MemorySpanStore store = new MemorySpanStore(1000);
    await(store.write(traceA()));
    QueryVerticle v = new QueryVerticle(store, QueryOptions.defaults().withHost("127.0.0.1").withPort(0)
        .withWebroot(webroot.toString()).withSearchLimits(new io.weft.query.SearchLimits(3_600_000_000L, 10)));
    await(vertx.deployVerticle(v));
    HttpResponse<Buffer> r = get(v.actualPort(), "/api/traces?lookback=2h");
    assertEquals(400, r.statusCode());
    assertTrue(r.bodyAsString().contains("at most 1h0m0s (query.max-search-window)"), r.bodyAsString());
    assertEquals(200, get(v.actualPort(), "/api/traces?lookback=1h&limit=10").statusCode());
    assertEquals(400, get(v.actualPort(), "/api/traces?lookback=1h&limit=11").statusCode());
  }

  @Test
  void badSearchParameters() throws Exception {
    assertEquals("cannot parse minDuration: invalid duration \"soon\"",
        getJson("/api/traces?service=a&minDuration=soon", 400).get("errors").get(0).get("msg").asText());
    assertEquals(400, getJson("/api/traces?service=a&tag=novalue", 400).get("errors").get(0).get("code").asInt());
  }

  @Test
  void dependencies() throws Exception {
    long endMs = T0 / 1000 + 60_000;
    JsonNode body = getJson("/api/dependencies?endTs=" + endMs + "&lookback=3600000", 200);
    assertEquals("[{\"parent\":\"frontend\",\"child\":\"backend\",\"callCount\":1}]", body.get("data").toString());
    assertEquals(0, getJson("/api/dependencies?endTs=" + (T0 / 1000 - 3_600_000) + "&lookback=1000", 200)
        .get("data").size());
    assertEquals(400, getJson("/api/dependencies?endTs=yesterday", 400).get("errors").get(0).get("code").asInt());
  }

  @Test
  void unknownApiPathIsJson404() throws Exception {
    assertEquals(404, getJson("/api/nope", 404).get("errors").get(0).get("code").asInt());
  }

  @Test
  void servesTheUiWithSpaFallback() throws Exception {
    assertEquals("<html>weft ui</html>", get("/").bodyAsString());
    assertEquals("console.log('weft')", get("/app.js").bodyAsString());
    for (String path : List.of("/search", "/trace/abc", "/dependencies", "/compare/a...b")) {
      HttpResponse<Buffer> r = get(path);
      assertEquals(200, r.statusCode(), path);
      assertEquals("<html>weft ui</html>", r.bodyAsString(), path);
    }
  }

  @Test
  void aMissingFileIs404WhileUiRoutesGetTheIndex() throws Exception {
    for (String path : List.of("/missing.js", "/js/missing.js", "/css/gone.css", "/img/logo.png", "/favicon.ico",
        "/trace/abc/app.js.map", "/.env")) {
      HttpResponse<Buffer> r = get(path);
      assertEquals(404, r.statusCode(), path);
      assertEquals("Not found: " + path + "\n", r.bodyAsString(), path);
    }
    for (String path : List.of("/trace/abc", "/trace/4bf92f3577b34da6a3ce929d0e0e4736", "/compare/a...b",
        "/compare/abc...", "/search")) {
      assertEquals("<html>weft ui</html>", get(path).bodyAsString(), path);
    }
    int jar = deploy(new MemorySpanStore(1000), webroot.resolve("absent").toString());
    assertEquals(404, get(jar, "/js/no-such-view.js").statusCode(), "the jar's copy too");
    assertEquals(200, get(jar, "/js/main.js").statusCode());
  }

  @Test
  void withoutTheFolderTheUiPackedInTheJarIsServed() throws Exception {
    int other = deploy(new MemorySpanStore(1000), webroot.resolve("absent").toString());
    HttpResponse<Buffer> r = get(other, "/");
    assertEquals(200, r.statusCode());
    assertTrue(r.bodyAsString().contains("js/main.js"), r.bodyAsString());
    assertEquals(200, get(other, "/js/main.js").statusCode());
    assertTrue(get(other, "/trace/abc").bodyAsString().contains("js/main.js"), "SPA fallback from the jar's copy");
    assertEquals(200, get(other, "/api/services").statusCode());
  }

  @Test
  void failingStorageIs500() throws Exception {
    SpanReader broken = new SpanReader() {
      @Override public Future<List<Span>> getTrace(TraceId id) { return Future.failedFuture("disk on fire"); }
      @Override public Future<List<String>> getServices() { return Future.failedFuture("disk on fire"); }
      @Override public Future<List<Operation>> getOperations(String s, String k) { return Future.failedFuture("x"); }
      @Override public Future<List<List<Span>>> findTraces(TraceQuery q) { return Future.failedFuture("x"); }
      @Override public Future<List<DependencyLink>> getDependencies(long e, long l) { return Future.failedFuture("x"); }
    };
    int other = deploy(broken, webroot.toString());
    HttpResponse<Buffer> r = get(other, "/api/services");
    assertEquals(500, r.statusCode());
    assertEquals("disk on fire", MAPPER.readTree(r.bodyAsString()).get("errors").get(0).get("msg").asText());
  }

  @Test
  void responseReadsBackIntoSpans() throws Exception {
    List<Span> spans = JaegerUiJson.read(get("/api/traces/b").body().getBytes());
    assertEquals(traceB(), spans);
  }

  @Test
  void clockSkewCapComesFromOptions() throws Exception {
    MemorySpanStore store = new MemorySpanStore(1000);
    await(store.write(traceA()));
    QueryVerticle v = new QueryVerticle(store, new QueryOptions("127.0.0.1", 0, Duration.ZERO, webroot.toString()));
    await(vertx.deployVerticle(v));
    JsonNode server = MAPPER.readTree(get(v.actualPort(), "/api/traces/1111000000000000000a").bodyAsString())
        .get("data").get(0).get("spans").get(2);
    assertEquals(T0 + 1_020_000, server.get("startTime").asLong());
    assertEquals("clock skew adjustment disabled; not applying calculated delta of -1s",
        server.get("warnings").get(0).asText());
  }
}
