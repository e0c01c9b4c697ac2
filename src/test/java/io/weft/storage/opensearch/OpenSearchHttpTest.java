package io.weft.storage.opensearch;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.weft.config.WeftConfig;
import io.weft.storage.StorageUnavailableException;
import io.weft.testing.Ports;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's transport settings against a stub server (the test node runs without the security
 * plugin): basic authentication and API keys as headers, TLS trusted through a CA file or not at
 * all, and a request passed on to the next URL when a node cannot be reached.
 */
class OpenSearchHttpTest {
  private static final String ROOT = "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.6\"}}";
  private Vertx vertx;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private SelfSignedCertificate cert;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cert = SelfSignedCertificate.create("localhost");
  }

  @AfterEach
  void stop() throws Exception {
    cert.delete();
    await(vertx.close());
  }

  private int serve(boolean tls) throws Exception {
    HttpServerOptions o = new HttpServerOptions();
    if (tls) {
      o.setSsl(true).setKeyCertOptions(cert.keyCertOptions());
    }
    HttpServer server = await(vertx.createHttpServer(o).requestHandler(req -> {
      authorizations.add(String.valueOf(req.getHeader("Authorization")));
      req.response().putHeader("Content-Type", "application/json").end(ROOT);
    }).listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  private Future<ServerInfo> root(Map<String, String> options) {
    Map<String, String> o = new HashMap<>(options);
    OpenSearchSettings s = OpenSearchSettings.from(WeftConfig.defaults().with(o));
    return ServerInfo.fetch(new OpenSearchHttp(vertx, s));
  }

  @Test
  void basicAuthenticationAndApiKeysGoInTheAuthorizationHeader() throws Exception {
    int port = serve(false);
    await(root(Map.of("opensearch.urls", "http://127.0.0.1:" + port, "opensearch.username", "weft",
        "opensearch.password", "s3cret")));
    await(root(Map.of("opensearch.urls", "http://127.0.0.1:" + port, "opensearch.api-key", "aWQ6a2V5")));
    await(root(Map.of("opensearch.urls", "http://127.0.0.1:" + port)));
    assertEquals(List.of("Basic d2VmdDpzM2NyZXQ=", "ApiKey aWQ6a2V5", "null"), authorizations);
  }

  @Test
  void httpsIsTrustedThroughTheGivenCaOnly() throws Exception {
    String url = "https://localhost:" + serve(true);
    assertEquals("2.19.6", await(root(Map.of("opensearch.urls", url, "opensearch.tls.ca", cert.certificatePath())))
        .version());
    assertEquals("2.19.6", await(root(Map.of("opensearch.urls", url, "opensearch.tls.insecure-skip-verify", "true")))
        .version());
    Throwable untrusted = failure(root(Map.of("opensearch.urls", url)));
    assertInstanceOf(StorageUnavailableException.class, untrusted);
  }

  @Test
  void aNodeThatCannotBeReachedIsPassedOver() throws Exception {
    int closed = Ports.free(); // nothing listens there
    int port = serve(false);
    ServerInfo info = await(root(Map.of("opensearch.urls", "http://127.0.0.1:" + closed + ",http://127.0.0.1:" + port)));
    assertTrue(info.openSearch());
    Throwable none = failure(root(Map.of("opensearch.urls", "http://127.0.0.1:" + closed)));
    assertInstanceOf(StorageUnavailableException.class, none);
    assertTrue(none.getMessage().contains("127.0.0.1:" + closed), none.getMessage());
  }

  private static Throwable failure(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw new AssertionError("should have failed");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
