package io.weft.it;

import io.weft.testing.ChildProcess;
import io.weft.testing.Http;
import io.weft.testing.Ports;
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

  public final int port = Ports.free();
  private final int controllerPort = Ports.free();
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
    process = ChildProcess.start("Kafka broker", List.of("bash", script.toString(), "--port", "" + port,
        "--controller-port", "" + controllerPort, "--dir", dir.toString(), "--heap", "512m"), dir.resolve("broker.out"));
    awaitReady(180); // the first run also resolves the broker's jars from Maven Central
    System.out.printf("Kafka broker on %s ready in %d ms (pid %d, %s)%n", bootstrap(),
        (System.nanoTime() - t0) / 1_000_000, process.pid(), dir);
  }

  /** The port first (an admin client would log every refused connection), then a broker the admin client sees. */
  private void awaitReady(int seconds) throws Exception {
    process.awaitReady(seconds, () -> Http.listening(port));
    Properties p = new Properties();
    p.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000",
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500"));
    try (Admin admin = Admin.create(p)) {
      process.awaitReady(seconds, () -> {
        try {
          return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
          return false;
        }
      });
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
}
