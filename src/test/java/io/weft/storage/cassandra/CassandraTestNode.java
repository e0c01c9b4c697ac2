package io.weft.storage.cassandra;

import io.weft.config.WeftConfig;
import io.weft.testing.ChildProcess;
import io.weft.testing.Http;
import io.weft.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Cassandra 5.0 node for tests, in a JVM of its own ({@link ChildProcess}), started through
 * {@code scripts/cassandra-local.sh --fast} (which resolves cassandra-all's classpath from Maven
 * Central once and caches it under target/cassandra/). One node per test run: {@link #shared()}
 * starts it on free ports with data in a temporary folder, and a shutdown hook stops it and
 * deletes the folder.
 */
public final class CassandraTestNode {
  public static final String KEYSPACE = "weft_test";
  private static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath();
  private static CassandraTestNode shared;

  public final int port = Ports.free();
  private final int storagePort = Ports.free();
  private final Path dir;
  private final List<String> scriptOptions;
  private ChildProcess cassandra;

  private CassandraTestNode(List<String> scriptOptions) throws IOException {
    dir = Files.createTempDirectory("weft-cassandra-");
    this.scriptOptions = List.copyOf(scriptOptions);
  }

  /**
   * A node of its own that speaks CQL over TLS only: {@code keyAndChain} is its key and certificate
   * chain in one PEM file, {@code clientCa} what it trusts for client certificates (required when
   * {@code clientAuth}). The caller stops it ({@link #close()}).
   */
  public static CassandraTestNode startTls(Path keyAndChain, Path clientCa, boolean clientAuth) throws IOException {
    List<String> o = new java.util.ArrayList<>(List.of("--tls-pem", keyAndChain.toString(), "--tls-ca", clientCa.toString()));
    if (clientAuth) {
      o.add("--tls-client-auth");
    }
    CassandraTestNode node = new CassandraTestNode(o);
    node.start();
    return node;
  }

  /** Stops a node started for one test class and deletes its data. */
  public void close() {
    destroy();
  }

  /** The node shared by every Cassandra test of this JVM, started on first use. */
  public static synchronized CassandraTestNode shared() {
    if (shared == null) {
      try {
        CassandraTestNode node = new CassandraTestNode(List.of());
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
    // The script execs Cassandra's JVM, so the process started is Cassandra itself.
    List<String> cmd = new java.util.ArrayList<>(List.of(REPO.resolve("scripts/cassandra-local.sh").toString(), "--fast",
        "--dir", dir.resolve("node").toString(), "--port", Integer.toString(port),
        "--storage-port", Integer.toString(storagePort), "--heap", "512m"));
    cmd.addAll(scriptOptions);
    String heap = System.getenv("WEFT_TEST_CASSANDRA_HEAP"); // benches that load more than tests do, e.g. 1g
    if (heap != null && !heap.isBlank()) {
      cmd.addAll(List.of("--heap", heap));
    }
    cassandra = ChildProcess.start("Cassandra", cmd, dir.resolve("node.log"));
    try {
      // The first run on a machine resolves cassandra-all from Maven Central before starting. The script
      // prints its ready line only once the node answers a CQL request.
      cassandra.awaitReady(300, () -> cassandra.logSays("cassandra-local: ready: CQL on 127.0.0.1:")
          && Http.listening(port));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Cassandra's process id (the script execs its JVM), for benches that read its CPU time. */
  public synchronized long pid() {
    return cassandra.pid();
  }

  /** SIGKILL: the process dies at once, as on a crash; the next start replays the commit log. */
  public synchronized void kill() {
    if (cassandra != null) {
      cassandra.kill();
    }
  }

  /** SIGTERM: Cassandra drains and stops (a few seconds); SIGKILL if it takes over a minute. */
  public synchronized void stop() {
    if (cassandra != null) {
      cassandra.stop(60);
    }
  }

  private void destroy() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder; the OS cleans it eventually
    }
  }
}
