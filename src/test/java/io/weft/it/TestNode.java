package io.weft.it;

import io.vertx.core.json.JsonObject;
import io.weft.WeftNode;
import io.weft.config.WeftConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Weft node (all-in-one unless {@code roles} says otherwise) on free ports of 127.0.0.1, for tests;
 * close() stops it. The agent's UDP ports and the sampling ports are free ports too.
 */
public final class TestNode implements AutoCloseable {
  public final int otlpGrpc = freePort();
  public final int otlpHttp = freePort();
  public final int jaegerHttp = freePort();
  public final int zipkin = freePort();
  public final int query = freePort();
  public final int queryGrpc = freePort();
  public final int admin = freePort();
  public final int agentCompact = freeUdpPort();
  public final int agentBinary = freeUdpPort();
  public final int samplingHttp = freePort();
  public final int samplingGrpc = freePort();
  public final WeftNode node;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestNode(Map<String, String> extra) throws Exception {
    Map<String, String> flags = new HashMap<>(Map.of(
        "host", "127.0.0.1",
        "collector.otlp.grpc.port", "" + otlpGrpc,
        "collector.otlp.http.port", "" + otlpHttp,
        "collector.jaeger.http.port", "" + jaegerHttp,
        "collector.zipkin.http.port", "" + zipkin,
        "query.http.port", "" + query,
        "admin.http.port", "" + admin,
        "collector.instances", "2"));
    flags.putAll(Map.of(
        "agent.jaeger.compact.port", "" + agentCompact,
        "agent.jaeger.binary.port", "" + agentBinary,
        "sampling.http.port", "" + samplingHttp,
        "sampling.grpc.port", "" + samplingGrpc,
        "query.grpc.port", "" + queryGrpc));
    flags.putAll(extra);
    node = new WeftNode(WeftConfig.defaults().with(flags));
    node.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  public static TestNode start() throws Exception {
    return new TestNode(Map.of());
  }

  public static TestNode start(Map<String, String> extra) throws Exception {
    return new TestNode(extra);
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freeUdpPort() {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value of one Prometheus sample on the admin port, e.g. {@code weft_spans_written_total}; 0 if absent. */
  public double metric(String sample) throws IOException, InterruptedException {
    for (String line : get(admin, "/metrics").body().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    return 0;
  }

  public HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(int port, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET on the query port, parsed; fails the test unless the status is 200. */
  public JsonObject query(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(query, path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }

  /** Polls until the supplier gives a non-null value (spans are written asynchronously by SDKs). */
  public static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      T v = probe.get();
      if (v != null) {
        return v;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  /** The trace's JSON once it has at least {@code spans} spans, else null. */
  public JsonObject traceWith(String traceId, int spans) {
    try {
      HttpResponse<String> r = get(query, "/api/traces/" + traceId);
      if (r.statusCode() != 200) {
        return null;
      }
      JsonObject t = new JsonObject(r.body()).getJsonArray("data").getJsonObject(0);
      return t.getJsonArray("spans").size() >= spans ? t : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  @Override
  public void close() throws Exception {
    node.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
