package io.weft.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.weft.testing.Http;
import io.weft.testing.Wait;
import io.weft.testing.WeftProcess;
import io.weft.testing.ZipkinJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients against one node (tight limits so the test is short): slowloris connections that
 * trickle their headers or their body, and a flood of idle connections past the connection limit. A
 * well-behaved SDK and HTTP client beside them keep being served; every defence shows in /metrics.
 * The header timeout is also the keep-alive wait between a client's requests: 3 s, so a loaded
 * machine's pauses between the SDK's exports stay well inside it.
 */
class HostileClientsTest {
  static final int MAX_CONNECTIONS = 40;
  static final int HEADER_TIMEOUT_SECONDS = 3;
  static WeftProcess node;

  @BeforeAll
  static void start() throws Exception {
    node = WeftProcess.start("hostile", Map.of("net.max-connections", "" + MAX_CONNECTIONS,
        "net.header-timeout", HEADER_TIMEOUT_SECONDS + "s", "net.body-timeout", "2s", "net.http2.max-concurrent-streams", "4",
        "collector.instances", "2", "query.max-search-cost", "10000"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void slowlorisConnectionsAreCutOffWhileAWellBehavedClientIsServed() throws Exception {
    String listener = "listener=\"collector:" + node.zipkin + "\"";
    ExecutorService pool = Executors.newFixedThreadPool(24);
    AtomicBoolean attack = new AtomicBoolean(true);
    AtomicInteger cutOff = new AtomicInteger();
    List<Future<?>> attackers = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        boolean body = i % 2 == 0;
        attackers.add(pool.submit(() -> {
          long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
          while (attack.get() && System.nanoTime() < end) {
            if (trickle(node.zipkin, body, end)) {
              cutOff.incrementAndGet();
            }
          }
          return null;
        }));
      }
      // Meanwhile a well-behaved client posts spans, a new connection each time and on keep-alive.
      int served = 0;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
      while (System.nanoTime() < until) {
        String t = ZipkinJson.newTraceId();
        var r = Http.post(node.zipkin, "/api/v2/spans", "application/json",
            ZipkinJson.json(ZipkinJson.span(t, ZipkinJson.spanId(), null, "patient", "op")).getBytes());
        assertEquals(202, r.statusCode(), r.body());
        served++;
        Thread.sleep(100);
      }
      assertTrue(served > 10, "served " + served);
    } finally {
      attack.set(false);
      for (Future<?> f : attackers) {
        f.get(20, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
    }
    assertTrue(cutOff.get() > 0, "the server closed slow connections");
    assertTrue(node.metric("weft_net_timeouts_total", listener + ",phase=\"header\"") > 0, "header timeouts counted");
    assertTrue(node.metric("weft_net_timeouts_total", listener + ",phase=\"body\"") > 0, "body timeouts counted");
    assertEquals(1, Wait.forValue("the patient service is stored", 20, () -> {
      var services = Http.json(node.query, "/api/services").getJsonArray("data");
      return services.contains("patient") ? 1 : null;
    }));
  }

  /**
   * One slow request: headers a byte every 300 ms, or whole headers then a body a byte every 300 ms.
   * Whether the server closed the connection before the trickle was done.
   */
  static boolean trickle(int port, boolean slowBody, long endNanos) {
    String head = "POST /api/v2/spans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: 1000\r\n\r\n";
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(300);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      byte[] bytes = slowBody ? new byte[1000] : head.getBytes(StandardCharsets.US_ASCII);
      if (slowBody) {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        java.util.Arrays.fill(bytes, (byte) ' ');
      }
      for (byte b : bytes) {
        if (System.nanoTime() > endNanos) {
          return false;
        }
        out.write(b);
        out.flush();
        try {
          if (in.read() < 0) {
            return true; // closed by the server
          }
        } catch (java.net.SocketTimeoutException e) {
          // nothing yet: go on trickling
        }
      }
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  @Test
  void aConnectionFloodIsCappedWhileAnEstablishedSdkKeepsExporting() throws Exception {
    String listener = "listener=\"collector:" + node.otlpHttp + "\"";
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + node.otlpHttp + "/v1/traces").setTimeout(Duration.ofSeconds(5)).build();
    SdkTracerProvider sdk = SdkTracerProvider.builder().setResource(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), "steady"))).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    List<Socket> flood = new ArrayList<>();
    try {
      assertTrue(export(sdk, exporter)); // the SDK's connection is open before the flood
      int maxSeen = 0;
      int exported = 0;
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 3 * MAX_CONNECTIONS; i++) {
          try {
            flood.add(new Socket(InetAddress.getLoopbackAddress(), node.otlpHttp));
          } catch (IOException e) {
            // the backlog may fill: a flood does not care
          }
        }
        // The last round holds its flood until the header timeout has closed idle flood connections.
        long hold = System.nanoTime() + (round == 2 ? TimeUnit.SECONDS.toNanos(HEADER_TIMEOUT_SECONDS + 20) : 0);
        for (int i = 0; i < 8 || System.nanoTime() < hold && !headerTimeouts(listener); i++) {
          assertTrue(export(sdk, exporter), "the established SDK connection is served during the flood");
          exported++;
          maxSeen = Math.max(maxSeen, (int) node.metric("weft_net_connections", listener));
          Thread.sleep(150);
        }
        for (Socket s : flood) {
          s.close();
        }
        flood.clear();
      }
      assertTrue(exported >= 24, "exported " + exported);
      assertTrue(maxSeen <= MAX_CONNECTIONS, "at most " + MAX_CONNECTIONS + " open, saw " + maxSeen);
      assertTrue(node.metric("weft_net_connections_refused_total", listener) > 0, "refusals counted");
      assertTrue(headerTimeouts(listener), "idle flood connections closed by the header timeout");
      // After the flood, new clients get in.
      OtlpGrpcSpanExporter fresh = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + node.otlpGrpc).build();
      SdkTracerProvider after = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(fresh)).build();
      assertTrue(Wait.forValue("a new client is served after the flood", 20, () -> export(after, fresh) ? true : null));
      after.shutdown().join(5, TimeUnit.SECONDS);
    } finally {
      for (Socket s : flood) {
        s.close();
      }
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  static boolean headerTimeouts(String listener) throws Exception {
    return node.metric("weft_net_timeouts_total", listener + ",phase=\"header\"") > 0;
  }

  static boolean export(SdkTracerProvider sdk, io.opentelemetry.sdk.trace.export.SpanExporter exporter) {
    sdk.get("hostile").spanBuilder("op").startSpan().end();
    return exporter.flush().join(10, TimeUnit.SECONDS).isSuccess() && sdk.forceFlush().join(10, TimeUnit.SECONDS)
        .isSuccess();
  }

  @Test
  void http2ConnectionsAreToldTheStreamLimit() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
          .setHttp2ClearTextUpgrade(false));
      long max = Wait.await(client.request(HttpMethod.POST, node.queryGrpc, "127.0.0.1", "/x")
          .compose(req -> req.send().map(resp -> req.connection().remoteSettings().getMaxConcurrentStreams())), 20);
      Wait.await(client.close()); // a use after the call: unreferenced, Vert.x's cleaner may close it during one
      assertEquals(4, max);
    } finally {
      Wait.await(vertx.close());
    }
  }

  @Test
  void aSearchPastTheCostLimitIsRefusedAndCounted() throws Exception {
    long now = System.currentTimeMillis() * 1000;
    var r = Http.get(node.query, "/api/traces?service=patient&limit=100&start=" + (now - 7L * 86_400_000_000L)
        + "&end=" + now);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("query.max-search-cost"), r.body());
    assertEquals(200, Http.get(node.query, "/api/traces?service=patient&limit=20&start=" + (now - 3_600_000_000L)
        + "&end=" + now).statusCode());
    assertEquals(1, node.metric("weft_query_searches_refused_total", "reason=\"cost\""));
  }
}
