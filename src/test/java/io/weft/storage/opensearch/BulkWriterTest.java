package io.weft.storage.opensearch;

import static io.weft.testing.Wait.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import io.weft.storage.StorageUnavailableException;
import io.weft.testing.Wait;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk writer's rules, against a stub that answers as OpenSearch's bulk API does in the cases
 * a real node cannot be made to produce on demand (a 429, a rejected item): what is retried, what
 * fails at once, what fails retryably once time is up, and how waiting writes are sent together.
 * Failures against a real node (stopped, read-only) are in {@link OpenSearchOutageTest}.
 */
class BulkWriterTest {
  private Vertx vertx;
  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private volatile BiConsumer<Integer, HttpServerRequest> answer;
  private WeftMetrics metrics;

  @BeforeEach
  void stub() {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      bodies.add(b.toString(StandardCharsets.UTF_8));
      answer.accept(bodies.size(), req);
    })).listen(0, "127.0.0.1"));
    metrics = new WeftMetrics();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private BulkWriter writer(Map<String, String> options) {
    // Writes start on this test's thread, outside Vert.x: what OpenSearchHttpCallersTest checks at length.
    Map<String, String> o = new java.util.HashMap<>(Map.of("opensearch.urls", "http://127.0.0.1:" + server.actualPort()));
    o.putAll(options);
    OpenSearchSettings s = OpenSearchSettings.from(WeftConfig.defaults().with(o));
    return new BulkWriter(vertx, new OpenSearchHttp(vertx, s), s, metrics);
  }

  private static BulkWriter.Action action(String id) {
    return new BulkWriter.Action(("{\"index\":{\"_index\":\"x\",\"_id\":\"" + id + "\"}}\n{}\n")
        .getBytes(StandardCharsets.UTF_8), false);
  }

  private static void reply(HttpServerRequest req, int status, String json) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
  }

  private static String items(int... statuses) {
    StringBuilder sb = new StringBuilder("{\"errors\":true,\"items\":[");
    for (int i = 0; i < statuses.length; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"index\":{\"status\":").append(statuses[i]);
      if (statuses[i] == 429) {
        sb.append(",\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"}");
      } else if (statuses[i] == 400) {
        sb.append(",\"error\":{\"type\":\"mapper_parsing_exception\",\"reason\":\"bad field\"}");
      } else if (statuses[i] == 403) {
        sb.append(",\"error\":{\"type\":\"cluster_block_exception\",\"reason\":\"index [x] blocked by: "
            + "[FORBIDDEN/12/index read-only / allow delete (api)];\"}");
      }
      sb.append("}}");
    }
    return sb.append("]}").toString();
  }

  private static Throwable failure(Future<Void> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw new AssertionError("the write should have failed");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private double retries() {
    return metrics.registry().counter("weft_storage_write_retries", "backend", "opensearch").count();
  }

  @Test
  void a429ForTheWholeRequestIsRetriedAfterAPause() throws Exception {
    answer = (n, req) -> reply(req, n <= 2 ? 429 : 200, n <= 2
        ? "{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected\"},\"status\":429}"
        : "{\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}");
    await(writer(Map.of()).write(List.of(action("a"))));
    assertEquals(3, bodies.size());
    assertEquals(2.0, retries());
  }

  @Test
  void onlyTheRejectedItemsAreSentAgain() throws Exception {
    answer = (n, req) -> reply(req, 200, n == 1 ? items(201, 429, 403) : items(201, 201));
    await(writer(Map.of()).write(List.of(action("a"), action("b"), action("c"))));
    assertEquals(2, bodies.size());
    assertTrue(bodies.get(1).contains("\"b\"") && bodies.get(1).contains("\"c\"") && !bodies.get(1).contains("\"a\""),
        bodies.get(1));
  }

  @Test
  void aDocumentRefusedForGoodFailsTheWriteAtOnce() throws Exception {
    answer = (n, req) -> reply(req, 200, items(201, 400));
    Throwable e = failure(writer(Map.of()).write(List.of(action("a"), action("b"))));
    OpenSearchException os = assertInstanceOf(OpenSearchException.class, e);
    assertEquals("mapper_parsing_exception", os.type());
    assertEquals(1, bodies.size(), "not retried");
  }

  @Test
  void whenNoNodeAnswersTheWriteFailsRetryablyOnceTheRetryTimeIsUp() throws Exception {
    int port = server.actualPort();
    await(server.close());
    OpenSearchSettings s = OpenSearchSettings.from(WeftConfig.defaults().with(Map.of(
        "opensearch.urls", "http://127.0.0.1:" + port, "opensearch.bulk.retry-timeout", "700ms")));
    BulkWriter w = new BulkWriter(vertx, new OpenSearchHttp(vertx, s), s, metrics);
    Throwable e = failure(w.write(List.of(action("a"))));
    assertInstanceOf(StorageUnavailableException.class, e);
    assertTrue(retries() >= 1, "retried before giving up");
    assertEquals(1.0, metrics.registry().counter("weft_storage_write_failures", "backend", "opensearch",
        "reason", "unavailable").count());
  }

  @Test
  void writesWaitingForASlotGoOutTogether() throws Exception {
    io.vertx.core.Promise<Void> firstAnswered = io.vertx.core.Promise.promise();
    answer = (n, req) -> {
      if (n == 1) { // hold the only slot until the other writes queued up
        firstAnswered.future().onComplete(v -> reply(req, 200, "{\"errors\":false}"));
      } else {
        reply(req, 200, "{\"errors\":false}");
      }
    };
    BulkWriter w = writer(Map.of("opensearch.bulk.concurrency", "1"));
    Future<Void> a = w.write(List.of(action("a")));
    Wait.until("the first request at the stub", 10, () -> !bodies.isEmpty());
    Future<Void> b = w.write(List.of(action("b")));
    Future<Void> c = w.write(List.of(action("c1"), action("c2")));
    firstAnswered.complete();
    await(a);
    await(b);
    await(c);
    assertEquals(2, bodies.size(), bodies.toString());
    assertTrue(bodies.get(1).contains("\"b\"") && bodies.get(1).contains("\"c2\""), bodies.get(1));
  }
}
