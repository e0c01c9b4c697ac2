package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.testing.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Live spans with Kafka between collector and storage: a collector writes to a real Kafka broker, an
 * ingester (with the query role, so the browser bridge is there) stores what it reads, and a subscriber
 * on that node's bridge (the Live page's path) receives the spans as they are stored. The collector,
 * which stores nothing, publishes nothing: a live span is a stored span.
 */
class KafkaLiveSpansTest {

  @Test
  void spansStoredByTheIngesterArePublishedLive() throws Exception {
    KafkaTopic topic = KafkaTopic.fresh(2);
    Vertx client = Vertx.vertx();
    // span-storage.type=kafka on both, as a deployment sets it everywhere: the ingester stores into memory.
    try (TestNode ingester = TestNode.start(topic.node("ingester,query", "span-storage.type", "kafka"));
        TestNode collector = TestNode.start(topic.node("collector,query"))) {
      JsonObject health = new JsonObject(ingester.get(ingester.admin, "/health").body());
      assertEquals("kafka", health.getString("topology"), health.encode());
      assertEquals("memory", health.getString("storage"), "the backend the ingester writes, not span-storage.type");
      assertEquals(new JsonObject().put("ingester", "memory"), health.getJsonObject("writes"));
      assertEquals(new JsonObject().put("collector", "kafka"), // its query reads a store nothing writes
          new JsonObject(collector.get(collector.admin, "/health").body()).getJsonObject("writes"));

      assertEquals(200, ingester.get(ingester.query, "/eventbus/info").statusCode(), "the browser bridge is there");
      Subscriber all = Subscriber.open(client, ingester.query, "weft.spans.live");
      Subscriber one = Subscriber.open(client, ingester.query, "weft.spans.live.basket");
      Subscriber atCollector = Subscriber.open(client, collector.query, "weft.spans.live");

      String trace = "4bf92f3577b34da6a3ce929d0e0eb0a7";
      long now = System.currentTimeMillis() * 1000;
      String spans = "[{\"traceId\":\"" + trace + "\",\"id\":\"0000000000000001\",\"name\":\"add item\",\"timestamp\":"
          + now + ",\"duration\":10,\"localEndpoint\":{\"serviceName\":\"basket\"}},"
          + "{\"traceId\":\"" + trace + "\",\"id\":\"0000000000000002\",\"parentId\":\"0000000000000001\","
          + "\"name\":\"price\",\"timestamp\":" + now + ",\"duration\":5,\"localEndpoint\":{\"serviceName\":\"pricing\"}}]";
      assertEquals(202, collector.post(collector.zipkin, "/api/v2/spans", "application/json", spans.getBytes()).statusCode());

      Wait.forValue("the trace in the ingester's store", 20, () -> ingester.traceWith(trace, 2));
      List<String> seen = new ArrayList<>();
      while (seen.size() < 2) {
        JsonObject body = all.next().getJsonObject("body");
        for (Object t : body.getJsonArray("data")) {
          JsonObject tr = (JsonObject) t;
          if (tr.getString("traceID").equals(trace)) {
            tr.getJsonArray("spans").forEach(s -> seen.add(((JsonObject) s).getString("operationName")));
          }
        }
      }
      assertEquals(List.of("add item", "price"), seen.stream().sorted().toList());
      JsonObject basket = one.next().getJsonObject("body");
      assertEquals("basket", basket.getString("service"));
      JsonArray basketSpans = basket.getJsonArray("data").getJsonObject(0).getJsonArray("spans");
      assertEquals(1, basketSpans.size(), "the per-service address carries that service's spans only");
      assertEquals("add item", basketSpans.getJsonObject(0).getString("operationName"));
      assertEquals(null, atCollector.frames.poll(), "the collector, which writes Kafka, published nothing");
      all.close();
      one.close();
      atCollector.close();
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A browser-bridge (SockJS raw WebSocket) subscriber to one address. {@code client} is held to the end:
   * a client nothing refers to is closed by Vert.x's cleaner at a GC, its WebSocket with it.
   */
  record Subscriber(WebSocketClient client, WebSocket ws, LinkedBlockingQueue<JsonObject> frames) {
    static Subscriber open(Vertx vertx, int port, String address) throws Exception {
      LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
      WebSocketClient client = vertx.createWebSocketClient();
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(port).setURI("/eventbus/websocket")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      LinkedBlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();
      ws.handler(b -> {
        JsonObject f = new JsonObject(b);
        (address.equals(f.getString("address")) ? frames : replies).add(f);
      });
      ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
      // The bridge handles a socket's frames in order: once this request is answered, the registration is in place.
      ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "weft.query.services")
          .put("replyAddress", "ready").put("body", new JsonObject()).encode());
      if (replies.poll(10, TimeUnit.SECONDS) == null) {
        throw new AssertionError("the bridge on port " + port + " did not answer");
      }
      return new Subscriber(client, ws, frames);
    }

    JsonObject next() throws InterruptedException {
      JsonObject f = frames.poll(20, TimeUnit.SECONDS);
      if (f == null) {
        throw new AssertionError("no live frame within 20 s");
      }
      return f;
    }

    void close() {
      ws.close();
      client.close();
    }
  }
}
