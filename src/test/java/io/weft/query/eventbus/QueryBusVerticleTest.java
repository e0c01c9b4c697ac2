package io.weft.query.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.SpanRef;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.query.QueryService;
import io.weft.query.SearchLimits;
import io.weft.query.TraceAssembler;
import io.weft.storage.memory.MemorySpanStore;
import io.weft.wire.Addresses;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event-bus query API's search, with and without a service, and its limits. */
class QueryBusVerticleTest {
  static final long NOW = System.currentTimeMillis() * 1000;
  static final TraceId CHECKOUT = new TraceId(0, 0xc1);
  static final TraceId HEALTH = new TraceId(0, 0xc2);
  static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    MemorySpanStore store = new MemorySpanStore(100);
    Span root = Span.builder().traceId(CHECKOUT).spanId(1).operationName("GET /checkout").startTimeMicros(NOW - 60_000_000)
        .durationMicros(90_000).process(new Process("web", List.of())).build();
    Span pay = Span.builder().traceId(CHECKOUT).spanId(2).operationName("charge").startTimeMicros(NOW - 59_990_000)
        .durationMicros(40_000).process(new Process("billing", List.of())).references(List.of(SpanRef.childOf(CHECKOUT, 1)))
        .tags(List.of(Tag.string("card", "visa"))).build();
    Span health = Span.builder().traceId(HEALTH).spanId(3).operationName("GET /health").startTimeMicros(NOW - 30_000_000)
        .durationMicros(100).process(new Process("web", List.of())).build();
    await(store.write(List.of(root, pay, health)));
    QueryService service = new QueryService(store, new TraceAssembler(Duration.ZERO), new SearchLimits(86_400_000_000L, 50));
    await(vertx.deployVerticle(new QueryBusVerticle(service)));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void searchesWithoutAService() throws Exception {
    JsonObject byOp = search(new JsonObject().put("operation", "charge").put("lookback", "1h"));
    assertEquals(List.of(CHECKOUT.toHex()), ids(byOp));
    assertEquals(2, byOp.getJsonArray("data").getJsonObject(0).getJsonArray("spans").size(), "the whole trace");
    assertEquals(List.of(CHECKOUT.toHex()), ids(search(new JsonObject().put("tags", new JsonObject().put("card", "visa"))
        .put("lookback", "2h"))));
    assertEquals(List.of(HEALTH.toHex(), CHECKOUT.toHex()), ids(search(new JsonObject().put("lookback", "1h"))),
        "nothing but a time range: every service, newest first");
    assertEquals(List.of(), ids(search(new JsonObject().put("operation", "refund").put("lookback", "1d"))));
    assertEquals(List.of(HEALTH.toHex()), ids(search(new JsonObject().put("service", "web").put("limit", 1))));
  }

  @Test
  void unboundedSearchesFailWith400NamingTheLimit() throws Exception {
    ReplyException wide = failure(new JsonObject().put("operation", "charge").put("lookback", "48h"));
    assertEquals(400, wide.failureCode());
    assertEquals("a search without a service may cover at most 1d (query.max-search-window); this one covers 2d: "
        + "shorten the time range or choose a service", wide.getMessage());
    ReplyException deep = failure(new JsonObject().put("service", "web").put("limit", 51));
    assertEquals(400, deep.failureCode());
    assertTrue(deep.getMessage().contains("search depth of 50 traces (query.max-search-depth)"), deep.getMessage());
    assertEquals(List.of(HEALTH.toHex()), ids(search(new JsonObject().put("service", "web").put("lookback", "48h")
        .put("operation", "GET /health"))), "with a service, no cap in time");
  }

  private static JsonObject search(JsonObject body) throws Exception {
    return await(vertx.eventBus().<JsonObject>request(Addresses.QUERY_SEARCH, body)).body();
  }

  private static ReplyException failure(JsonObject body) throws Exception {
    try {
      await(vertx.eventBus().request(Addresses.QUERY_SEARCH, body));
    } catch (ExecutionException e) {
      return (ReplyException) e.getCause();
    }
    throw new AssertionError("the search succeeded: " + body.encode());
  }

  private static List<String> ids(JsonObject envelope) {
    JsonArray data = envelope.getJsonArray("data");
    return data.stream().map(t -> ((JsonObject) t).getString("traceID")).toList();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
