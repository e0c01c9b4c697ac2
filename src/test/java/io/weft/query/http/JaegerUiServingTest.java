package io.weft.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.weft.testing.CheckoutTraces;
import io.weft.config.ConfigException;
import io.weft.config.WeftConfig;
import io.weft.query.QueryOptions;
import io.weft.query.http.JaegerIndexHtml.Capabilities;
import io.weft.storage.ArchiveStore;
import io.weft.storage.archive.ArchiveFallbackReader;
import io.weft.storage.archive.TraceArchiver;
import io.weft.storage.memory.MemorySpanStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Jaeger UI folder served from the query port (query.ui.jaeger-*): the page with Weft's capabilities
 * written in by Jaeger's patterns, its files, single-page routes, 404 for missing files, and the API
 * under the UI's base path. The folder here mimics a build (the real one runs in JaegerUiTest).
 */
@ExtendWith(VertxExtension.class)
class JaegerUiServingTest {
  static final String INDEX = """
      <!doctype html>
      <html><head>
      <base href="/" data-inject-target="BASE_URL" />
      <script>
        // Important! Do not alter the following line; Jaeger looks for that exact pattern.
        // JAEGER_CONFIG_JS

        function getJaegerUiConfig() {
          const DEFAULT_CONFIG = null;
          const JAEGER_CONFIG = DEFAULT_CONFIG;
          return JAEGER_CONFIG;
        }
        function caps() {
          const JAEGER_STORAGE_CAPABILITIES = DEFAULT_STORAGE_CAPABILITIES;
          const JAEGER_BACKEND_CAPABILITIES = DEFAULT_BACKEND_CAPABILITIES;
          const JAEGER_VERSION = DEFAULT_VERSION;
        }
      </script>
      <script type="module" src="./static/index-abc.js"></script>
      </head><body><div id="jaeger-ui-root"></div></body></html>
      """;

  Vertx vertx;
  WebClient client;
  @TempDir
  Path dist;
  @TempDir
  Path webroot;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    Files.writeString(dist.resolve("index.html"), INDEX);
    Files.createDirectories(dist.resolve("static"));
    Files.writeString(dist.resolve("static/index-abc.js"), "console.log('jaeger ui')");
    Files.writeString(webroot.resolve("index.html"), "<title>Weft</title>");
  }

  int deploy(String basePath, String config) throws Exception {
    MemorySpanStore primary = new MemorySpanStore(10);
    await(primary.write(CheckoutTraces.traceA()));
    MemorySpanStore archived = new MemorySpanStore(10);
    ArchiveStore archive = ArchiveStore.of(archived, archived);
    ArchiveFallbackReader reader = new ArchiveFallbackReader(primary, archive);
    QueryVerticle v = new QueryVerticle(reader, QueryOptions.defaults().withHost("127.0.0.1").withPort(0)
        .withWebroot(webroot.toString()), new TraceArchiver(reader, archive),
        new JaegerUiSettings(dist, basePath, config), r -> { });
    await(vertx.deployVerticle(v));
    return v.actualPort();
  }

  HttpResponse<Buffer> get(int port, String path) throws Exception {
    return await(client.get(port, "127.0.0.1", path).send());
  }

  @Test
  void underJaegerBesideWeftsOwnUi() throws Exception {
    int port = deploy("/jaeger", "");
    for (String path : new String[] {"/jaeger/", "/jaeger/index.html", "/jaeger/search?service=frontend",
        "/jaeger/trace/" + CheckoutTraces.TRACE_A.toHex(), "/jaeger/trace/ab...cd", "/jaeger/dependencies"}) {
      HttpResponse<Buffer> r = get(port, path);
      assertEquals(200, r.statusCode(), path);
      assertEquals("text/html; charset=utf-8", r.getHeader("Content-Type"), path);
      String html = r.bodyAsString();
      assertTrue(html.contains("JAEGER_STORAGE_CAPABILITIES = {\"archiveStorage\":true,\"metricsStorage\":false};"), html);
      assertTrue(html.contains("JAEGER_BACKEND_CAPABILITIES = {\"archiveStorage\":true,\"metricsStorage\":false,"
          + "\"searchWithoutServiceName\":true,\"aiAssistant\":false};"), html);
      assertTrue(html.contains("JAEGER_VERSION = {\"gitCommit\":\"\",\"gitVersion\":\"weft-"), html);
      assertTrue(html.contains("<base href=\"/jaeger/\" data-inject-target=\"BASE_URL\" />"), html);
      assertTrue(html.contains("const JAEGER_CONFIG = DEFAULT_CONFIG;"), "no UI config given: left alone");
    }
    assertEquals(302, await(client.get(port, "127.0.0.1", "/jaeger").followRedirects(false).send()).statusCode());
    HttpResponse<Buffer> js = get(port, "/jaeger/static/index-abc.js");
    assertEquals(200, js.statusCode());
    assertEquals("console.log('jaeger ui')", js.bodyAsString());
    for (String missing : new String[] {"/jaeger/static/missing.js", "/jaeger/trace/12345/static/missing.js",
        "/jaeger/favicon.ico"}) {
      HttpResponse<Buffer> r = get(port, missing);
      assertEquals(404, r.statusCode(), missing);
      assertFalse(r.getHeader("Content-Type").startsWith("text/html"), missing);
    }
    // The UI calls the API under its own base path.
    HttpResponse<Buffer> services = get(port, "/jaeger/api/services");
    assertEquals(200, services.statusCode());
    assertEquals("[\"backend\",\"frontend\"]", services.bodyAsJsonObject().getJsonArray("data").encode());
    HttpResponse<Buffer> trace = get(port, "/jaeger/api/traces/" + CheckoutTraces.TRACE_A.toHex() + "?raw=true");
    assertEquals(3, trace.bodyAsJsonObject().getJsonArray("data").getJsonObject(0).getJsonArray("spans").size());
    // The query string goes along: without its service this would be a 400.
    HttpResponse<Buffer> ops = get(port, "/jaeger/api/operations?service=backend&spanKind=server");
    assertEquals(200, ops.statusCode(), ops.bodyAsString());
    assertEquals("[{\"name\":\"charge\",\"spanKind\":\"server\"}]", ops.bodyAsJsonObject().getJsonArray("data").encode());
    HttpResponse<Buffer> archived = await(client.post(port, "127.0.0.1", "/jaeger/api/archive/"
        + CheckoutTraces.TRACE_A.toHex()).send());
    assertEquals(200, archived.statusCode(), archived.bodyAsString());
    HttpResponse<Buffer> unknown = get(port, "/jaeger/api/no-such-thing");
    assertEquals(404, unknown.statusCode());
    assertEquals("application/json", unknown.getHeader("Content-Type"));
    // Weft's own UI and API stay where they were.
    assertEquals("<title>Weft</title>", get(port, "/").bodyAsString());
    assertEquals("<title>Weft</title>", get(port, "/search").bodyAsString());
    assertEquals(200, get(port, "/api/services").statusCode());
  }

  @Test
  void atTheRootInPlaceOfWeftsUi() throws Exception {
    int port = deploy("/", "");
    for (String path : new String[] {"/", "/search", "/trace/abc"}) {
      String html = get(port, path).bodyAsString();
      assertTrue(html.contains("\"archiveStorage\":true"), path + ": " + html);
      assertTrue(html.contains("<base href=\"/\" data-inject-target"), "base path / stays");
    }
    assertEquals(200, get(port, "/static/index-abc.js").statusCode());
    assertEquals(404, get(port, "/static/missing.js").statusCode());
    assertEquals(200, get(port, "/api/services").statusCode());
    HttpResponse<Buffer> unknown = get(port, "/api/nope");
    assertEquals(404, unknown.statusCode());
    assertEquals("application/json", unknown.getHeader("Content-Type"));
  }

  @Test
  void aJsonUiConfigIsWrittenInAsJaegerDoes() throws Exception {
    Path config = dist.getParent().resolve("ui-config-" + System.nanoTime() + ".json");
    Files.writeString(config, "{ \"dependencies\": { \"menuEnabled\": true },\n \"archiveEnabled\": true }");
    try {
      int port = deploy("/jaeger", config.toString());
      String html = get(port, "/jaeger/").bodyAsString();
      assertTrue(html.contains("const JAEGER_CONFIG = {\"dependencies\":{\"menuEnabled\":true},\"archiveEnabled\":true};"),
          html);
      // Edited while running: the next page load has it.
      Files.writeString(config, "{\"archiveEnabled\": false}");
      assertTrue(get(port, "/jaeger/search").bodyAsString().contains("JAEGER_CONFIG = {\"archiveEnabled\":false};"));
      Files.writeString(config, "{not json");
      HttpResponse<Buffer> broken = get(port, "/jaeger/");
      assertEquals(500, broken.statusCode());
      assertTrue(broken.bodyAsString().contains("cannot parse UI config file"), broken.bodyAsString());
    } finally {
      Files.deleteIfExists(config);
    }
  }

  @Test
  void aJsUiConfigReplacesTheMarkerLine() {
    String js = "function UIConfig() { return { archiveEnabled: true, price: '$1' }; }";
    String html = JaegerIndexHtml.enrich(INDEX, "/", new Capabilities(false, false, false), "weft-dev", "c.js", js + "\n");
    assertTrue(html.contains(js + "\n"), html);
    assertFalse(html.contains("JAEGER_CONFIG_JS"), "the marker line is replaced");
    assertTrue(html.contains("JAEGER_BACKEND_CAPABILITIES = {\"archiveStorage\":false,\"metricsStorage\":false,"
        + "\"searchWithoutServiceName\":false,\"aiAssistant\":false};"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JaegerIndexHtml.enrich(INDEX, "/",
        new Capabilities(false, false, false), "v", "c.js", "var x = 1;"));
    assertEquals("UI config file must define function UIConfig(): c.js", e.getMessage());
  }

  @Test
  void settingsAreCheckedAtStart() throws Exception {
    assertFalse(JaegerUiSettings.from(WeftConfig.defaults()).enabled());
    JaegerUiSettings s = JaegerUiSettings.from(WeftConfig.defaults().with(Map.of("query.ui.jaeger-dist", dist.toString())));
    assertEquals("/jaeger", s.basePath());
    assertThrows(ConfigException.class, () -> JaegerUiSettings.from(WeftConfig.defaults().with(
        Map.of("query.ui.jaeger-dist", webroot.resolve("nothing").toString()))));
    assertThrows(ConfigException.class, () -> JaegerUiSettings.from(WeftConfig.defaults().with(
        Map.of("query.ui.jaeger-dist", dist.toString(), "query.ui.jaeger-base-path", "/jaeger/"))));
    assertThrows(ConfigException.class, () -> JaegerUiSettings.from(WeftConfig.defaults().with(
        Map.of("query.ui.jaeger-dist", dist.toString(), "query.ui.jaeger-config", "ui.toml"))));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
