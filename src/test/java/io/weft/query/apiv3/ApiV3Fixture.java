package io.weft.query.apiv3;

import static io.weft.testing.CheckoutTraces.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.weft.model.Span;
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
  /** Query parameters covering both traces, as the Jaeger UI sends them (RFC 3339, milliseconds). */
  static final String WINDOW = "query.startTimeMin=" + iso(T0 - 3_600_000_000L) + "&query.startTimeMax=" + iso(T0 + 3_600_000_000L);

  Vertx vertx;
  WebClient client;
  int port;
  @TempDir
  Path webroot;

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
