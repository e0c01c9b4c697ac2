package io.weft.storage.cold;

import io.vertx.core.WorkerExecutor;
import io.weft.testing.ChildProcess;
import io.weft.testing.Http;
import io.weft.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real S3 API for tests: s3proxy from Maven Central in a JVM of its own ({@link ChildProcess}), started
 * through {@code scripts/s3proxy-local.sh} on a free port of 127.0.0.1, its objects in a temporary folder,
 * bucket {@link #BUCKET}. One per test run ({@link #shared()}); a shutdown hook stops it and deletes the folder.
 * {@link #stop()} and {@link #start()} take it away and bring it back on the same port and objects.
 */
public final class S3TestServer {
  public static final String BUCKET = "traces";
  public static final String IDENTITY = "weft";
  public static final String CREDENTIAL = "weft-secret";
  private static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath();
  private static S3TestServer shared;

  public final int port = Ports.free();
  private final Path dir;
  private ChildProcess process;

  private S3TestServer() throws IOException {
    dir = Files.createTempDirectory("weft-s3-");
  }

  public static synchronized S3TestServer shared() {
    if (shared == null) {
      try {
        S3TestServer s = new S3TestServer();
        Runtime.getRuntime().addShutdownHook(new Thread(s::destroy, "s3-test-server-stop"));
        s.start();
        shared = s;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the test S3 server", e);
      }
    }
    return shared;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Weft options for a cold tier in this server's bucket under {@code prefix}. */
  public Map<String, String> options(String prefix) {
    return Map.of("cold.type", "s3", "cold.s3.endpoint", endpoint(), "cold.s3.bucket", BUCKET,
        "cold.s3.access-key", IDENTITY, "cold.s3.secret-key", CREDENTIAL, "cold.prefix", prefix);
  }

  public S3ObjectStore objects(WorkerExecutor workers) {
    return new S3ObjectStore(new ColdSettings.S3(endpoint(), BUCKET, "us-east-1", true, IDENTITY, CREDENTIAL), workers);
  }

  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    process = ChildProcess.start("s3proxy", List.of(REPO.resolve("scripts/s3proxy-local.sh").toString(),
        "--port", Integer.toString(port), "--dir", dir.resolve("objects").toString(), "--bucket", BUCKET,
        "--identity", IDENTITY, "--credential", CREDENTIAL), dir.resolve("s3proxy.log"));
    try {
      // The first run on a machine fetches s3proxy from Maven Central before starting.
      process.awaitReady(300, () -> process.logSays("s3proxy-local: S3 on") && Http.listening(port));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public synchronized void stop() {
    if (process != null) {
      process.stop(10);
    }
  }

  private void destroy() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder
    }
  }
}
