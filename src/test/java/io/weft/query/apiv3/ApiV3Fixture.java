package io.weft.query.apiv3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.SpanRef;
import io.weft.model.StatusCode;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.query.QueryOptions;
import io.weft.query.http.QueryVerticle;
import io.weft.storage.SpanReader;
import io.weft.storage.memory.MemorySpanStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A query server over a memory store holding two traces, and helpers to call api_v3 on it. */
@ExtendWith(VertxExtension.class)
abstract class ApiV3Fixture {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final long T0 = (System.currentTimeMillis() - 60_000) * 1000;
  static final TraceId TRACE_A = new TraceId(0x1111L, 0xaL);
  static final String TRACE_A_HEX = "0000000000001111000000000000000a";
  static final TraceId TRACE_B = new TraceId(0, 0xbL);
  static final Process FRONTEND = new Process("frontend", List.of(Tag.string("ip", "10.0.0.1")));
  static final Process BACKEND = new Process("backend", List.of(Tag.string("ip", "10.0.0.2")));
  /** Query parameters covering both traces, as the Jaeger UI sends them (RFC 3339, milliseconds). */
  static final String WINDOW = "query.startTimeMin=" + iso(T0 - 3_600_000_000L) + "&query.startTimeMax=" + iso(T0 + 3_600_000_000L);

  Vertx vertx;
  WebClient client;
  int port;
  @TempDir
  Path webroot;

  /** Trace A: frontend GET /checkout calls backend; Zipkin-style shared id 0x2, backend clock 1s ahead, an error. */
  static List<Span> traceA() {
    Span root = Span.builder().traceId(TRACE_A).spanId(0x1).operationName("GET /checkout")
        .startTimeMicros(T0).durationMicros(100_000).process(FRONTEND).kind(SpanKind.SERVER)
        .tags(List.of(Tag.int64("http.status_code", 200))).build();
    Span client = Span.builder().traceId(TRACE_A).spanId(0x2).operationName("charge")
        .references(List.of(SpanRef.childOf(TRACE_A, 0x1)))
        .startTimeMicros(T0 + 10_000).durationMicros(80_000).process(FRONTEND).kind(SpanKind.CLIENT).build();
    Span server = Span.builder().traceId(TRACE_A).spanId(0x2).operationName("charge")
        .references(List.of(SpanRef.childOf(TRACE_A, 0x1)))
        .startTimeMicros(T0 + 1_020_000).durationMicros(60_000).process(BACKEND).kind(SpanKind.SERVER)
        .status(StatusCode.ERROR, "card declined").build();
    return List.of(root, client, server);
  }

  /** Trace B: a quick frontend-only trace with a 64-bit id. */
  static List<Span> traceB() {
    return List.of(Span.builder().traceId(TRACE_B).spanId(0x5).operationName("GET /health")
        .startTimeMicros(T0 + 5_000_000).durationMicros(300).process(FRONTEND).kind(SpanKind.SERVER).build());
  }

  static String iso(long micros) {
    return Instant.ofEpochSecond(0, micros * 1000).toString();
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Files.writeString(webroot.resolve("index.html"), "<html>weft ui</html>");
    MemorySpanStore store = new MemorySpanStore(1000);
    List<Span> all = new ArrayList<>(traceA());
    all.addAll(traceB());
    await(store.write(all));
    port = deploy(store);
    client = WebClient.create(vertx);
  }

  int deploy(SpanReader reader) throws Exception {
    QueryVerticle v = new QueryVerticle(reader,
        QueryOptions.defaults().withHost("127.0.0.1").withPort(0).withWebroot(webroot.toString()));
    await(vertx.deployVerticle(v));
    return v.actualPort();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return await(client.get(port, "127.0.0.1", uri).send());
  }

  HttpResponse<Buffer> post(String uri, String body) throws Exception {
    return await(client.post(port, "127.0.0.1", uri).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)));
  }

  /** The body parsed, after checking the status and that it is JSON. */
  static JsonNode json(HttpResponse<Buffer> r, int status) throws Exception {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    return MAPPER.readTree(r.bodyAsString());
  }

  JsonNode getJson(String uri, int status) throws Exception {
    return json(get(uri), status);
  }

  /** Checks an api_v3 error body and returns its message. */
  static String error(JsonNode body, int httpCode, int grpcCode) {
    JsonNode e = body.get("error");
    assertEquals(1, body.size(), body.toString());
    assertEquals(httpCode, e.get("httpCode").asInt(), body.toString());
    assertEquals(grpcCode, e.get("grpcCode").asInt(), body.toString());
    return e.get("message").asText();
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
