package io.weft.storage.opensearch;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.weft.config.WeftConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Requests sent from threads outside Vert.x (a test's, another library's), several at once, to a server
 * that answers at once: each comes back with its answer, and none is sent twice. Before, the response's
 * body handler was set by a step of the chain that such a thread attached; when that thread was
 * descheduled and the answer came first, its body was dropped: the exchange waited out the bound
 * (request timeout + 2 s) and was sent again (the BulkWriterTest writes and the searches on real
 * OpenSearch that hung). Measured before the fix: 1 to 9 such exchanges in 9,000 to 18,000.
 */
class OpenSearchHttpCallersTest {
  private static final int THREADS = 8;
  private static final int EACH = 1500;

  @Test
  void everyRequestFromThreadsOutsideVertxIsAnsweredOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger received = new AtomicInteger();
      HttpServer server = await(vertx.createHttpServer().requestHandler(req -> {
        received.incrementAndGet();
        req.response().putHeader("content-type", "application/json").end("{\"n\":\"" + req.getParam("n") + "\"}");
      }).listen(0, "127.0.0.1"));
      // The default request timeout (30 s): a slow answer on a loaded machine is no resend; a lost body was one.
      OpenSearchSettings s = OpenSearchSettings.from(WeftConfig.defaults().with(Map.of(
          "opensearch.urls", "http://127.0.0.1:" + server.actualPort())));
      OpenSearchHttp http = new OpenSearchHttp(vertx, s);
      List<Thread> callers = new ArrayList<>();
      List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Thread caller = new Thread(() -> {
          for (int i = 0; i < EACH; i++) {
            String n = thread + "-" + i;
            try {
              OpenSearchHttp.Response r = http.send(HttpMethod.GET, "/x?n=" + n, null, null)
                  .toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
              String body = r.body().toString(StandardCharsets.UTF_8);
              if (r.status() != 200 || !body.equals("{\"n\":\"" + n + "\"}")) {
                wrong.add(n + ": " + r.status() + " " + body);
              }
            } catch (Exception e) {
              wrong.add(n + ": " + e);
            }
          }
        }, "caller-" + t);
        caller.start();
        callers.add(caller);
      }
      for (Thread c : callers) {
        c.join();
      }
      assertEquals(List.of(), wrong);
      assertEquals(THREADS * EACH, received.get(), "requests the server saw: one per exchange, none sent again");
      await(http.close());
    } finally {
      await(vertx.close());
    }
  }
}
