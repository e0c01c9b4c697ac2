package io.weft.query.eventbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.weft.it.TestNode;
import io.weft.testing.Wait;
import io.weft.testing.ZipkinJson;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The browser's event-bus bridge on the query port (what the Live page uses), as a plain WebSocket
 * at /eventbus/websocket, on an all-in-one node: queries, live spans of one service, the allow-list.
 */
@ExtendWith(VertxExtension.class)
class BrowserBridgeTest {
  @RegisterExtension
  static final TestNode node = TestNode.forClass();
  static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
  }

  @Test
  void queriesLiveSpansAndAllowList() throws Exception {
    LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    // Held (and closed) to the end: a client nothing refers to is closed by Vert.x's cleaner
    // at a GC, its connections with it (a WebSocket "closed while handshake in process").
    WebSocketClient wsClient = vertx.createWebSocketClient();
    WebSocket ws = Wait.await(wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(node.query).setURI("/eventbus/websocket")), 10);
    ws.handler(b -> frames.add(new JsonObject(b))); // the bridge answers in binary frames

    ws.writeTextMessage(new JsonObject().put("type", "register").put("address", "weft.spans.live.checkout").encode());
    Thread.sleep(200);
    String trace = "00000000000000000000000000c0ffee";
    String spans = ZipkinJson.json(ZipkinJson.span(trace, "0000000000000001", null, "checkout", "pay"),
        ZipkinJson.span(trace, "0000000000000002", null, "elsewhere", "x"));
    assertEquals(202, node.post(node.zipkin, "/api/v2/spans", "application/json", spans.getBytes()).statusCode());
    JsonObject live = next(frames);
    assertEquals("weft.spans.live.checkout", live.getString("address"));
    assertEquals("checkout", live.getJsonObject("body").getString("service"));
    assertEquals(1, live.getJsonObject("body").getJsonArray("data").getJsonObject(0).getJsonArray("spans").size());

    ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "weft.query.services")
        .put("replyAddress", "me").put("body", new JsonObject()).encode());
    JsonObject reply = next(frames);
    assertTrue(reply.getJsonObject("body").getJsonArray("data").contains("checkout"), reply.encode());

    // The browser bridge never opens admin addresses.
    ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "weft.admin.roles")
        .put("replyAddress", "me").put("body", new JsonObject().put("query", 2)).encode());
    JsonObject err = next(frames);
    assertEquals("err", err.getString("type"), err.encode());
    assertEquals("access_denied", err.getString("body"), err.encode());
    ws.close();
    Wait.await(wsClient.close());
  }

  private static JsonObject next(LinkedBlockingQueue<JsonObject> frames) throws InterruptedException {
    JsonObject f = frames.poll(10, TimeUnit.SECONDS);
    if (f == null) {
      throw new AssertionError("no frame within 10 s");
    }
    return f;
  }
}
