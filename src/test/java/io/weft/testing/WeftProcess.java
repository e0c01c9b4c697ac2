package io.weft.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Weft node in a JVM of its own ({@code java -cp <test classpath> io.weft.cli.Main ...}, through
 * {@link ChildProcess}) on free ports of 127.0.0.1, for tests that kill a node or form a cluster of
 * separate JVMs; it is ready when its /health says so.
 */
public final class WeftProcess extends NodePorts implements AutoCloseable {
  /** A clustered node's JVM: Hazelcast's usual opens on Java 17 (else a warning and slower paths) and a small heap. */
  public static final List<String> CLUSTER_JVM = List.of("-Xmx200m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  private static final List<String> JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  public final String name;
  private final Path log;
  private final boolean deleteLog;
  private ChildProcess process;
  /** HTTPS to the admin port (a node with TLS there), else null. */
  private java.net.http.HttpClient adminTls;
  /** The bearer token shown on the admin port (a node with authentication), else null. */
  private volatile String adminToken;

  private WeftProcess(String name, Path log, boolean deleteLog) {
    this.name = name;
    this.log = log;
    this.deleteLog = deleteLog;
  }

  /** A node with these options, its log in a temporary file removed by {@link #close()}. */
  public static WeftProcess start(String name, Map<String, String> options) throws Exception {
    List<String> args = new ArrayList<>();
    options.forEach((k, v) -> args.add("--" + k + "=" + v));
    return start(name, JVM, args, Files.createTempFile("weft-" + name + "-", ".log"), true);
  }

  /** A node of a JVM with {@code jvmFlags}, given {@code args} after its ports, logging to {@code log} (kept). */
  public static WeftProcess start(String name, List<String> jvmFlags, List<String> args, Path log) throws Exception {
    return start(name, jvmFlags, args, log, false);
  }

  /** A node whose admin port serves TLS: its health and metrics are read over HTTPS with {@code adminTls}. */
  public static WeftProcess startTls(String name, Map<String, String> options, javax.net.ssl.SSLContext adminTls)
      throws Exception {
    List<String> args = new ArrayList<>();
    options.forEach((k, v) -> args.add("--" + k + "=" + v));
    return start(name, JVM, args, Files.createTempFile("weft-" + name + "-", ".log"), true, adminTls);
  }

  private static WeftProcess start(String name, List<String> jvmFlags, List<String> args, Path log, boolean deleteLog)
      throws Exception {
    return start(name, jvmFlags, args, log, deleteLog, null);
  }

  private static WeftProcess start(String name, List<String> jvmFlags, List<String> args, Path log, boolean deleteLog,
      javax.net.ssl.SSLContext adminTls) throws Exception {
    WeftProcess w = new WeftProcess(name, log, deleteLog);
    if (adminTls != null) {
      w.adminTls = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
          .sslContext(adminTls).connectTimeout(java.time.Duration.ofSeconds(5)).build();
    }
    List<String> all = new ArrayList<>();
    w.portOptions().forEach((k, v) -> all.add("--" + k + "=" + v));
    all.addAll(args);
    Files.deleteIfExists(log); // a log of this name from an earlier run
    w.process = ChildProcess.start(name, ChildProcess.java(jvmFlags, "io.weft.cli.Main", all), log);
    w.process.awaitReady(60, () -> {
      JsonObject h = w.health();
      return h != null && "ready".equals(h.getString("status"));
    });
    return w;
  }

  /** /health, or null when the node does not answer. */
  public JsonObject health() {
    try {
      return new JsonObject(adminGet("/health"));
    } catch (Exception e) {
      return null;
    }
  }

  /** The roles the node runs now (empty when it does not answer). */
  public List<String> running() {
    JsonObject h = health();
    List<String> out = new ArrayList<>();
    if (h != null) {
      h.getJsonArray("roles").forEach(r -> out.add((String) r));
    }
    return out;
  }

  /** GET on the query port, parsed; fails unless 200. */
  public JsonObject query(String path) throws IOException, InterruptedException {
    return Http.json(query, path);
  }

  /** The sum of a metric's samples on the admin port (any labels); 0 when absent. */
  public double metric(String name) throws IOException, InterruptedException {
    return Metrics.value(adminGet("/metrics"), name);
  }

  /** GET on the admin port (HTTPS when the node serves it so, with {@link #adminToken} if set); the body. */
  public String adminGet(String path) throws IOException, InterruptedException {
    if (adminTls == null && adminToken == null) {
      return Http.get(admin, path).body();
    }
    java.net.http.HttpClient client = adminTls != null ? adminTls : java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        (adminTls != null ? "https" : "http") + "://127.0.0.1:" + admin + path)).timeout(java.time.Duration.ofSeconds(15));
    if (adminToken != null) {
      b.header("authorization", "Bearer " + adminToken);
    }
    return client.send(b.GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  /** From now on the admin port is read with this bearer token (a node with authentication on admin). */
  public WeftProcess adminToken(String token) {
    this.adminToken = token;
    return this;
  }

  /** The sum of a metric's samples whose labels contain {@code label} (e.g. {@code receiver="agent"}); 0 when absent. */
  public double metric(String name, String label) throws IOException, InterruptedException {
    return Metrics.value(adminGet("/metrics"), name, label);
  }

  /** What this node has logged so far. */
  public String log() {
    return process.log();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: a crash; no shutdown hook, no commit, no goodbye to the consumer group or the cluster. */
  public void kill() {
    process.kill();
  }

  /** SIGTERM: a graceful shutdown (the node's hook closes it, a clustered node hands its roles over), SIGKILL after 30 s. */
  public void stop() {
    process.stop(30);
  }

  @Override
  public void close() throws IOException {
    stop();
    if (deleteLog) {
      Files.deleteIfExists(log);
    }
  }
}
