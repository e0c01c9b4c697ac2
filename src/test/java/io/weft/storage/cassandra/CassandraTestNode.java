package io.weft.storage.cassandra;

import io.weft.config.WeftConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Cassandra 5.0 node for tests, in a JVM of its own, started through
 * {@code scripts/cassandra-local.sh --fast} (which resolves cassandra-all's classpath from Maven
 * Central once and caches it under target/cassandra/). One node per test run: {@link #shared()}
 * starts it on free ports with data in a temporary folder, and a shutdown hook stops it and
 * deletes the folder. A small shell watchdog also stops it if this JVM dies without running its
 * hooks, so a killed test run leaves no Cassandra behind.
 */
public final class CassandraTestNode {
  public static final String KEYSPACE = "weft_test";
  private static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath();
  private static final String WATCHDOG = """
      parent=$1; log=$2; shift 2
      "$@" >>"$log" 2>&1 &
      child=$!
      echo "$child"
      trap 'kill "$child" 2>/dev/null; exit 0' TERM
      while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
      kill "$child" 2>/dev/null
      """;
  private static CassandraTestNode shared;

  public final int port = freePort();
  private final int storagePort = freePort();
  private final Path dir;
  private Process watchdog;
  private ProcessHandle cassandra;

  private CassandraTestNode() throws IOException {
    dir = Files.createTempDirectory("weft-cassandra-");
  }

  /** The node shared by every Cassandra test of this JVM, started on first use. */
  public static synchronized CassandraTestNode shared() {
    if (shared == null) {
      try {
        CassandraTestNode node = new CassandraTestNode();
        Runtime.getRuntime().addShutdownHook(new Thread(node::destroy, "cassandra-test-node-stop"));
        node.start();
        shared = node;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the test Cassandra node", e);
      }
    }
    return shared;
  }

  public String contactPoint() {
    return "127.0.0.1:" + port;
  }

  /** Weft options pointing at this node and the test keyspace, plus {@code extra}. */
  public Map<String, String> options(Map<String, String> extra) {
    Map<String, String> o = new HashMap<>();
    o.put("cassandra.contact-points", contactPoint());
    o.put("cassandra.keyspace", KEYSPACE);
    o.put("cassandra.consistency", "ONE");
    o.putAll(extra);
    return o;
  }

  public CassandraSettings settings(Map<String, String> extra) {
    return CassandraSettings.from(WeftConfig.defaults().with(options(extra)));
  }

  /** Starts Cassandra (again, on the same ports and data) and waits until the script says CQL answers. */
  public synchronized void start() throws IOException {
    if (cassandra != null && cassandra.isAlive()) {
      return;
    }
    Path log = dir.resolve("node.log");
    long logFrom = Files.exists(log) ? Files.size(log) : 0; // a restart appends: only this start's lines count
    List<String> cmd = new ArrayList<>(List.of("setsid", "bash", "-c", WATCHDOG, "weft-cassandra-watchdog",
        Long.toString(ProcessHandle.current().pid()), log.toString(),
        REPO.resolve("scripts/cassandra-local.sh").toString(), "--fast", "--dir", dir.resolve("node").toString(),
        "--port", Integer.toString(port), "--storage-port", Integer.toString(storagePort), "--heap", "512m"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    watchdog = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(watchdog.getInputStream(), StandardCharsets.UTF_8));
    String pidLine = out.readLine();
    if (pidLine == null) {
      throw new IllegalStateException("Cassandra launcher exited at once; see " + log);
    }
    cassandra = ProcessHandle.of(Long.parseLong(pidLine.trim())).orElseThrow(() ->
        new IllegalStateException("Cassandra exited at once: " + tail(log)));
    // The first run on a machine resolves cassandra-all from Maven Central before starting.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!saidReady(log, logFrom) || !answers()) {
      if (!cassandra.isAlive()) {
        throw new IllegalStateException("Cassandra exited while starting:\n" + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cassandra did not say it answers CQL on port " + port + ":\n" + tail(log));
      }
      sleep(200);
    }
  }

  /** SIGKILL: the process dies at once, as on a crash; the next start replays the commit log. */
  public synchronized void kill() {
    if (cassandra != null) {
      cassandra.destroyForcibly();
      cassandra.onExit().join();
    }
  }

  /** SIGTERM: Cassandra drains and stops (a few seconds); SIGKILL if it takes over a minute. */
  public synchronized void stop() {
    if (cassandra != null && cassandra.isAlive()) {
      cassandra.destroy();
      try {
        cassandra.onExit().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        cassandra.destroyForcibly();
        cassandra.onExit().join();
      }
    }
  }

  public long pid() {
    return cassandra.pid();
  }

  private void destroy() {
    stop();
    if (watchdog != null) {
      watchdog.destroy();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder; the OS cleans it eventually
    }
  }

  /** The script prints its ready line only once the node answers a CQL request. */
  private static boolean saidReady(Path log, long from) throws IOException {
    if (!Files.exists(log)) {
      return false;
    }
    byte[] all = Files.readAllBytes(log);
    return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
        StandardCharsets.UTF_8).contains("cassandra-local: ready: CQL on 127.0.0.1:");
  }

  private boolean answers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for a future; schema creation on a fresh node takes longer than the suite's 10 s. */
  public static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Cassandra call failed", e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
