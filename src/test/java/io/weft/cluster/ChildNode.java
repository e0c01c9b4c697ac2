package io.weft.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Weft node in its own JVM ({@code setsid java -cp <test classpath> io.weft.cli.Main --cluster ...}) on
 * free ports of 127.0.0.1, with its own Hazelcast port; its output goes to a log file.
 */
final class ChildNode {
  static final List<String> JVM_FLAGS = List.of("-Xmx200m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final int otlpGrpc = Ports.free();
  final int otlpHttp = Ports.free();
  final int jaegerHttp = Ports.free();
  final int zipkin = Ports.free();
  final int query = Ports.free();
  final int admin = Ports.free();
  final int bridge = Ports.free();
  final int agentCompact = Ports.free();
  final int agentBinary = Ports.free();
  final int samplingHttp = Ports.free();
  final int samplingGrpc = Ports.free();
  final int queryGrpc = Ports.free();
  final Path log;
  private Process process;

  ChildNode(String name, Path logDir) {
    this.name = name;
    this.log = logDir.resolve(name + ".log");
  }

  /** Starts the JVM and waits until its /health says ready. */
  ChildNode start(Path clusterXml, String roles, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("setsid", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.weft.cli.Main",
        "--cluster", "--cluster.config=" + clusterXml, "--roles=" + roles, "--host=127.0.0.1",
        "--collector.otlp.grpc.port=" + otlpGrpc, "--collector.otlp.http.port=" + otlpHttp,
        "--collector.jaeger.http.port=" + jaegerHttp, "--collector.zipkin.http.port=" + zipkin,
        "--query.http.port=" + query, "--admin.http.port=" + admin, "--bridge.tcp.port=" + bridge,
        "--agent.jaeger.compact.port=" + agentCompact, "--agent.jaeger.binary.port=" + agentBinary,
        "--sampling.http.port=" + samplingHttp, "--sampling.grpc.port=" + samplingGrpc, "--query.grpc.port=" + queryGrpc,
        "--agent.collector.timeout=2s", "--collector.instances=1", "--cluster.shutdown-timeout=10s"));
    cmd.addAll(List.of(extra));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited: " + Files.readString(log));
      }
      JsonObject h = health();
      if (h != null && "ready".equals(h.getString("status"))) {
        return this;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " not ready within 60 s: " + Files.readString(log));
  }

  /** /health, or null when the node does not answer. */
  JsonObject health() {
    try {
      HttpResponse<String> r = get(admin, "/health");
      return new JsonObject(r.body());
    } catch (Exception e) {
      return null;
    }
  }

  /** The roles the node runs now (empty when it does not answer). */
  List<String> running() {
    JsonObject h = health();
    List<String> out = new ArrayList<>();
    if (h != null) {
      h.getJsonArray("roles").forEach(r -> out.add((String) r));
    }
    return out;
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> send(String method, int port, String path, String contentType, String body)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("content-type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of a metric's samples whose labels contain {@code label} (e.g. {@code receiver="agent"}); 0 when absent. */
  double metric(String name, String label) throws IOException, InterruptedException {
    double sum = 0;
    for (String line : get(admin, "/metrics").body().split("\n")) {
      if (line.startsWith(name + "{") && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** SIGKILL: a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: a graceful shutdown (roles handed over); waits for the JVM to exit. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }
}
