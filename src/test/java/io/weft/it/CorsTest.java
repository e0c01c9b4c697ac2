package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.weft.testing.Chromium;
import io.weft.testing.Ports;
import io.weft.testing.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A browser app on another origin calling a node with authentication on: the preflight passes the
 * gate (answered by CORS, no data), the authenticated request that follows is answered with
 * {@code Access-Control-Allow-Origin}; an origin not listed gets neither. First as the raw request
 * sequence a browser sends, then from headless Chromium on a page served by another origin.
 */
class CorsTest {
  static final String READER = "reader-" + UUID.randomUUID();
  static final String WRITER = "writer-" + UUID.randomUUID();
  static final int APP_PORT = Ports.free();
  static final String APP = "http://127.0.0.1:" + APP_PORT;

  @RegisterExtension
  static final TestNode node = TestNode.forClass(Map.of("auth.tokens-file", tokensFile().toString(),
      "cors.allowed-origins", APP + ",https://grafana.example"));
  @RegisterExtension
  static final Chromium chromium = new Chromium();
  static final HttpClient http = HttpClient.newHttpClient();
  static Vertx vertx;

  static Path tokensFile() {
    try {
      Path p = Files.createTempFile("weft-tokens-", "");
      p.toFile().deleteOnExit();
      Files.writeString(p, READER + " read - app\n" + WRITER + " write - browser-sdk\n");
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The "other origin": a page whose script calls Weft with a bearer token. */
  @BeforeAll
  static void serveApp() {
    vertx = Vertx.vertx();
    HttpServer app = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("content-type", "text/html").end("<!doctype html><title>app</title><p>another origin</p>"));
    Wait.await(app.listen(APP_PORT, "127.0.0.1"));
  }

  @AfterAll
  static void stopApp() {
    Wait.await(vertx.close());
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder preflight(int port, String path, String origin, String method) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("origin", origin)
        .header("access-control-request-method", method)
        .header("access-control-request-headers", "authorization,x-tenant");
  }

  @Test
  void aPreflightPassesTheGateAndTheTokenFollows() throws Exception {
    HttpResponse<String> pre = send(preflight(node.query, "/api/services", APP, "GET"));
    assertEquals(204, pre.statusCode(), pre.body());
    assertEquals(APP, pre.headers().firstValue("access-control-allow-origin").orElse(""));
    String allowed = pre.headers().firstValue("access-control-allow-headers").orElse("");
    assertTrue(allowed.contains("authorization") && allowed.contains("x-tenant"), allowed);
    assertEquals("GET", pre.headers().firstValue("access-control-allow-methods").orElse(""));
    assertEquals("", pre.body(), "a preflight shows no data");

    HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.query + "/api/services"))
        .header("origin", APP).header("authorization", "Bearer " + READER));
    assertEquals(200, get.statusCode(), get.body());
    assertEquals(APP, get.headers().firstValue("access-control-allow-origin").orElse(""));
    assertTrue(new JsonObject(get.body()).containsKey("data"), get.body());

    // without a token: still refused, and the app may read why
    HttpResponse<String> anon = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.query + "/api/services"))
        .header("origin", APP));
    assertEquals(401, anon.statusCode());
    assertEquals(APP, anon.headers().firstValue("access-control-allow-origin").orElse(""));
    assertTrue(anon.headers().firstValue("access-control-expose-headers").orElse("").contains("www-authenticate"));
  }

  @Test
  void anOriginNotListedGetsNothing() throws Exception {
    HttpResponse<String> pre = send(preflight(node.query, "/api/services", "http://evil.example", "GET"));
    assertEquals(403, pre.statusCode());
    assertTrue(pre.headers().firstValue("access-control-allow-origin").isEmpty());
    HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.query + "/api/services"))
        .header("origin", "http://evil.example").header("authorization", "Bearer " + READER));
    assertEquals(200, get.statusCode(), "a server-side caller with a token is not a browser: CORS does not stop it");
    assertTrue(get.headers().firstValue("access-control-allow-origin").isEmpty(), "but a browser would not show it");
    HttpResponse<String> badMethod = send(preflight(node.query, "/api/services", APP, "PATCH"));
    assertEquals(403, badMethod.statusCode());
    // a plain OPTIONS (not a preflight) still meets the gate
    HttpResponse<String> options = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.query + "/api/services"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("origin", APP));
    assertEquals(401, options.statusCode());
  }

  /** Headless Chromium on the app's origin: a read with a token, and OTLP/HTTP spans posted to the collector. */
  @Test
  void aBrowserAppOnAnotherOriginReadsAndWrites() throws Exception {
    chromium.driver().get(APP + "/");
    JavascriptExecutor js = (JavascriptExecutor) chromium.driver();
    String traceId = "5b8efff798038103d269b633813fc60c";
    String otlp = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
        + "{\"stringValue\":\"browser-app\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + traceId + "\","
        + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"click\",\"kind\":1,\"startTimeUnixNano\":\""
        + (System.currentTimeMillis() - 1000) * 1_000_000 + "\",\"endTimeUnixNano\":\""
        + System.currentTimeMillis() * 1_000_000 + "\"}]}]}]}";
    Object posted = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {method: 'POST', headers: {'content-type': 'application/json',"
        + " authorization: 'Bearer ' + arguments[1]}, body: arguments[2]})"
        + ".then(r => done('status ' + r.status)).catch(e => done('failed ' + e));",
        "http://127.0.0.1:" + node.otlpHttp + "/v1/traces", WRITER, otlp);
    assertEquals("status 200", posted);
    String read = "const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {headers: {authorization: 'Bearer ' + arguments[1]}})"
        + ".then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('failed ' + e));";
    Object trace = Wait.forValue("the browser reads its trace", 30, () -> {
      Object r = js.executeAsyncScript(read, "http://127.0.0.1:" + node.query + "/api/traces/" + traceId, READER);
      return r.toString().startsWith("200 ") ? r : null;
    });
    assertTrue(trace.toString().contains("browser-app"), trace.toString());
    Object services = js.executeAsyncScript(read, "http://127.0.0.1:" + node.query + "/api/services", READER);
    assertTrue(services.toString().startsWith("200 ") && services.toString().contains("browser-app"), services.toString());

    // the same page on an origin not listed: the browser's preflight is refused, the fetch fails
    chromium.driver().get("http://localhost:" + APP_PORT + "/");
    Object refused = js.executeAsyncScript(read, "http://127.0.0.1:" + node.query + "/api/services", READER);
    assertTrue(refused.toString().startsWith("failed TypeError"), refused.toString());
    assertFalse(refused.toString().contains("browser-app"));
  }
}
