package io.weft.it;

import io.weft.testing.ChildProcess;
import io.weft.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The real Zipkin server (the {@code io.zipkin:zipkin-server:3.6.1:exec} jar from Maven Central,
 * fetched once into target/zipkin/) in a JVM of its own, with in-memory storage, on a free port of
 * 127.0.0.1: the peer Weft's Zipkin API is compared with. One per test run ({@link #shared()}); a
 * shutdown hook stops it. The same jar holds Zipkin Lens, which {@link #lensFolder()} unpacks.
 */
public final class ZipkinServer {
  public static final String VERSION = "3.6.1";
  /** Tag keys whose values the server keeps for autocompletion (its AUTOCOMPLETE_KEYS). */
  public static final String AUTOCOMPLETE_KEYS = "http.method,env";
  private static final Path DIR = Path.of(System.getProperty("user.dir"), "target", "zipkin");
  private static ZipkinServer shared;

  public final int port = Ports.free();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ChildProcess process;

  private ZipkinServer() {}

  public static synchronized ZipkinServer shared() throws Exception {
    if (shared == null) {
      ZipkinServer z = new ZipkinServer();
      z.start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> z.process.stop(10), "zipkin-server-stop"));
      shared = z;
    }
    return shared;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private void start() throws Exception {
    Path jar = execJar();
    long t0 = System.nanoTime();
    process = ChildProcess.start("zipkin-server", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
        "--armeria.ports[0].port=" + port, "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].protocols[0]=http",
        "--zipkin.storage.autocomplete-keys=" + AUTOCOMPLETE_KEYS, "--logging.level.root=WARN"),
        DIR.resolve("zipkin-server-" + port + ".log"));
    process.awaitReady(120, () -> {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url("/health"))).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException notYet) {
        return false;
      }
    });
    System.out.printf("Zipkin server %s on 127.0.0.1:%d ready in %d ms (pid %d)%n", VERSION, port,
        (System.nanoTime() - t0) / 1_000_000, process.pid());
  }

  /** The exec jar, copied from Maven Central (through the local repository) on first use. */
  public static synchronized Path execJar() throws Exception {
    Path jar = DIR.resolve("zipkin-server-" + VERSION + "-exec.jar");
    if (!Files.exists(jar)) {
      Files.createDirectories(DIR);
      Process mvn = new ProcessBuilder("mvn", "-B", "-q", "dependency:copy",
          "-Dartifact=io.zipkin:zipkin-server:" + VERSION + ":jar:exec", "-DoutputDirectory=" + DIR)
          .redirectErrorStream(true).redirectOutput(DIR.resolve("fetch.log").toFile()).start();
      if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0 || !Files.exists(jar)) {
        throw new IllegalStateException("cannot fetch the Zipkin server jar; see " + DIR.resolve("fetch.log"));
      }
    }
    return jar;
  }

  /** Zipkin Lens's files (index.html, static/), unpacked from the copy inside the exec jar. */
  public static synchronized Path lensFolder() throws Exception {
    Path folder = DIR.resolve("lens-" + VERSION);
    if (Files.exists(folder.resolve("index.html"))) {
      return folder;
    }
    String lensJar = "BOOT-INF/lib/zipkin-lens-" + VERSION + ".jar";
    try (ZipInputStream exec = new ZipInputStream(Files.newInputStream(execJar()))) {
      for (ZipEntry e; (e = exec.getNextEntry()) != null; ) {
        if (e.getName().equals(lensJar)) {
          unpackLens(new ZipInputStream(exec), folder);
          return folder;
        }
      }
    }
    throw new IllegalStateException(lensJar + " is not in " + execJar());
  }

  private static void unpackLens(ZipInputStream lens, Path folder) throws IOException {
    Path tmp = Files.createTempDirectory(DIR, "lens");
    for (ZipEntry e; (e = lens.getNextEntry()) != null; ) {
      if (e.isDirectory() || !e.getName().startsWith("zipkin-lens/")) {
        continue;
      }
      Path out = tmp.resolve(e.getName().substring("zipkin-lens/".length())).normalize();
      if (!out.startsWith(tmp)) {
        throw new IOException("bad entry " + e.getName());
      }
      Files.createDirectories(out.getParent());
      Files.copy((InputStream) lens, out, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
  }
}
