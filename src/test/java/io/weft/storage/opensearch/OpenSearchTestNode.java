package io.weft.storage.opensearch;

import io.weft.config.WeftConfig;
import io.weft.testing.ChildProcess;
import io.weft.testing.Ports;
import io.weft.testing.Wait;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real OpenSearch 2.19 node for tests, in a JVM of its own (as a non-root user), started through
 * {@code scripts/opensearch-local.sh}, which assembles it from Maven Central once and caches it
 * under target/opensearch/. One node per test run: {@link #shared()} starts it on free ports with
 * its data in a temporary folder; a shutdown hook stops it and deletes the folder, and the
 * watchdog of {@link ChildProcess} stops it if this JVM dies without running its hooks.
 */
public final class OpenSearchTestNode {
  private static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath();
  private static final Pattern READY = Pattern.compile("(?:opensearch|elasticsearch)-local: ready on (\\S+) \\(pid (\\d+)\\)");
  /** HTTP/1.1, as {@link io.weft.testing.Http} (the JDK client's h2c upgrade misreads large answers). */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static OpenSearchTestNode shared;
  private static OpenSearchTestNode sharedElasticsearch;

  public final int port;
  private final int transportPort = Ports.free();
  private final Path dir;
  /** Whether this test run started the node (and so may stop it). */
  public final boolean owned;
  private ChildProcess process;
  private long nodePid;
  private int starts;

  private final String script;

  private OpenSearchTestNode(int existingPort) throws IOException {
    this.port = existingPort;
    this.owned = false;
    this.script = "";
    this.dir = Files.createTempDirectory("weft-opensearch-");
  }

  private OpenSearchTestNode(String script) throws IOException {
    this.port = Ports.free();
    this.owned = true;
    this.script = script;
    // Readable by all: the node runs as another user and must reach its folder inside.
    dir = Files.createTempDirectory("weft-opensearch-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  /**
   * The node shared by every OpenSearch test of this JVM, started on first use; or, with
   * {@code -Dweft.opensearch.port=N}, a node already running on that port (for quick iterations;
   * tests that stop the node then skip).
   */
  public static synchronized OpenSearchTestNode shared() {
    if (shared == null && Integer.getInteger("weft.opensearch.port") != null) {
      try {
        shared = new OpenSearchTestNode(Integer.getInteger("weft.opensearch.port"));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    if (shared == null) {
      try {
        OpenSearchTestNode node = new OpenSearchTestNode("scripts/opensearch-local.sh");
        Runtime.getRuntime().addShutdownHook(new Thread(node::destroy, "opensearch-test-node-stop"));
        node.start();
        shared = node;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the test OpenSearch node", e);
      }
    }
    return shared;
  }

  /**
   * An Elasticsearch 8.19 node (scripts/elasticsearch-local.sh), for the tests that run only when
   * asked ({@code -Dweft.elasticsearch=true}); {@code -Dweft.elasticsearch.port=N} uses a running one.
   */
  public static synchronized OpenSearchTestNode sharedElasticsearch() {
    if (sharedElasticsearch == null) {
      try {
        Integer port = Integer.getInteger("weft.elasticsearch.port");
        OpenSearchTestNode node = port != null ? new OpenSearchTestNode(port)
            : new OpenSearchTestNode("scripts/elasticsearch-local.sh");
        if (port == null) {
          Runtime.getRuntime().addShutdownHook(new Thread(node::destroy, "elasticsearch-test-node-stop"));
          node.start();
        }
        sharedElasticsearch = node;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the test Elasticsearch node", e);
      }
    }
    return sharedElasticsearch;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Weft options for this node plus {@code extra}: no replicas (one node), and writes acknowledged
   * once searchable, with a short refresh interval, so a test reads what it just wrote. A request
   * left unanswered (rare) is sent again after 10 s, well inside a test's wait.
   */
  public Map<String, String> options(Map<String, String> extra) {
    Map<String, String> o = new HashMap<>();
    o.put("opensearch.urls", url());
    o.put("opensearch.index.replicas", "0");
    o.put("opensearch.index.refresh-interval", "100ms");
    o.put("opensearch.bulk.refresh", "wait_for");
    o.put("opensearch.request-timeout", "10s");
    o.putAll(extra);
    return o;
  }

  public OpenSearchSettings settings(Map<String, String> extra) {
    return OpenSearchSettings.from(WeftConfig.defaults().with(options(extra)));
  }

  /** Starts the node (again, on the same ports and data) and waits for the script's ready line. */
  public synchronized void start() throws IOException {
    if (!owned) {
      throw new IllegalStateException("this test run did not start the node on port " + port);
    }
    if (process != null && process.isAlive()) {
      return;
    }
    long t0 = System.nanoTime();
    List<String> cmd = new ArrayList<>(List.of("bash", REPO.resolve(script).toString(),
        "--dir", dir.resolve("node").toString(), "--port", Integer.toString(port),
        "--transport-port", Integer.toString(transportPort), "--heap", "512m"));
    if (script.contains("opensearch")) {
      cmd.add("--no-disk-watermarks"); // elasticsearch-local.sh always turns them off
    }
    String name = script.replaceAll(".*/|-local.sh", "");
    // A restart appends to the same log; the process reads only this start's lines.
    process = ChildProcess.start(name, cmd, dir.resolve("script.log"));
    try {
      // The first run on a machine also assembles the node from Maven Central.
      process.awaitReady(420, () -> READY.matcher(process.log()).find());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Matcher m = READY.matcher(process.log());
    m.find();
    nodePid = Long.parseLong(m.group(2));
    System.out.printf("%s on %s ready in %d ms (pid %d, %s)%n", name, url(), (System.nanoTime() - t0) / 1_000_000,
        nodePid, dir);
  }

  /** SIGTERM to the node: it stops cleanly (flushing nothing it has not acknowledged). */
  public synchronized void stop() {
    if (process != null) {
      process.stop(60);
    }
  }

  /** The node's own JVM, e.g. for its CPU time. */
  public long nodePid() {
    return nodePid;
  }

  /**
   * A request to the node, for test setup and checks: any method, NDJSON for {@code _bulk}, and a minute
   * to answer (index creation on a loaded machine), which {@link io.weft.testing.Http} does not offer.
   */
  public HttpResponse<String> request(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
    }
    try {
      return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
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
