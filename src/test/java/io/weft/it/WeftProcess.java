package io.weft.it;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Weft node in a JVM of its own ({@code java -cp <test classpath> io.weft.cli.Main ...}), for tests
 * that kill a node: a signal to it reaches no other process ({@link ChildProcess}).
 */
public final class WeftProcess implements AutoCloseable {
  public final int admin = TestNode.freePort();
  public final int query = TestNode.freePort();
  public final int queryGrpc = TestNode.freePort();
  private final String name;
  private final Path log;
  private final ChildProcess process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private WeftProcess(String name, Map<String, String> options) throws IOException {
    this.name = name;
    this.log = Files.createTempFile("weft-" + name + "-", ".log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath(), "io.weft.cli.Main",
        "--host=127.0.0.1", "--admin.http.port=" + admin, "--query.http.port=" + query,
        "--query.grpc.port=" + queryGrpc));
    options.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    process = ChildProcess.start(cmd, log);
  }

  /** Starts a node with these options (admin and query ports are added) and waits until /health says ready. */
  public static WeftProcess start(String name, Map<String, String> options) throws Exception {
    WeftProcess w = new WeftProcess(name, options);
    try {
      w.awaitHealthy(60);
    } catch (Exception e) {
      w.close();
      throw e;
    }
    return w;
  }

  /** The test JVM's own classpath (surefire passes it in a property when it uses a manifest-only jar). */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  private void awaitHealthy(int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited: " + log());
      }
      try {
        if (get(admin, "/health").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " not healthy after " + seconds + " s: " + log());
  }

  public HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET on the query port, parsed; fails unless 200. */
  public JsonObject query(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(query, path);
    if (r.statusCode() != 200) {
      throw new AssertionError(name + ": GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }

  /** The value of a Prometheus metric line on the admin port (summed over its labels); 0 when absent. */
  public double metric(String name) throws IOException, InterruptedException {
    return Metrics.value(get(admin, "/metrics").body(), name);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no commit, no goodbye to the consumer group. */
  public void kill() {
    process.kill();
  }

  public String log() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM (the node's shutdown hook closes it), then SIGKILL if it does not stop in time. */
  @Override
  public void close() throws Exception {
    process.stop(30);
    Files.deleteIfExists(log);
  }
}
