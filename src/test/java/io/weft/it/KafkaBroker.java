package io.weft.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node KRaft Kafka broker (4.3.1) in a JVM of its own, started through
 * {@code scripts/kafka-local.sh} (which resolves the broker's classpath from Maven Central once and
 * caches it under target/kafka/). One per test run: {@link #shared()} starts it on first use on
 * free ports of 127.0.0.1, and a shutdown hook stops it. Tests isolate themselves by topic and group.
 */
public final class KafkaBroker {
  private static KafkaBroker shared;

  public final int port = TestNode.freePort();
  private final int controllerPort = TestNode.freePort();
  private final Path dir;
  private ChildProcess process;

  private KafkaBroker() throws IOException {
    dir = Files.createTempDirectory("weft-kafka-");
  }

  public static synchronized KafkaBroker shared() throws Exception {
    if (shared == null) {
      KafkaBroker b = new KafkaBroker();
      b.start();
      Runtime.getRuntime().addShutdownHook(new Thread(b::stopQuietly, "kafka-broker-stop"));
      shared = b;
    }
    return shared;
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker (same ports and data as before on a restart) and waits until it answers. */
  public synchronized void start() throws Exception {
    Path script = Path.of(System.getProperty("user.dir"), "scripts", "kafka-local.sh");
    long t0 = System.nanoTime();
    // The script execs the broker's JVM, so the process started is the broker itself.
    process = ChildProcess.start(List.of("bash", script.toString(), "--port", "" + port,
        "--controller-port", "" + controllerPort, "--dir", dir.toString(), "--heap", "512m"), dir.resolve("broker.out"));
    awaitReady(180); // the first run also resolves the broker's jars from Maven Central
    System.out.printf("Kafka broker on %s ready in %d ms (pid %d, %s)%n", bootstrap(),
        (System.nanoTime() - t0) / 1_000_000, process.pid(), dir);
  }

  private void awaitReady(int seconds) throws Exception {
    Properties p = new Properties();
    p.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000",
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!listening()) { // the port first: an admin client would log every refused connection
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("Kafka broker did not start: " + log());
      }
      Thread.sleep(200);
    }
    try (Admin admin = Admin.create(p)) {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("Kafka broker exited: " + log());
        }
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception notYet) {
          // starting
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Kafka broker not ready after " + seconds + " s: " + log());
        }
        Thread.sleep(200);
      }
    }
  }

  private boolean listening() {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM: a clean stop (a few seconds); SIGKILL if it hangs. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.stop(30);
    process = null;
  }

  private void stopQuietly() {
    stop();
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder; the OS cleans it eventually
    }
  }

  public String log() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("broker.out"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
