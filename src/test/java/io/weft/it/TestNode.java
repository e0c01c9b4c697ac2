package io.weft.it;

import io.vertx.core.json.JsonObject;
import io.weft.WeftNode;
import io.weft.config.WeftConfig;
import io.weft.testing.Http;
import io.weft.testing.Metrics;
import io.weft.testing.NodePorts;
import io.weft.testing.Wait;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Weft node (all-in-one unless {@code roles} says otherwise) in the test's JVM on free ports of
 * 127.0.0.1; close() stops it. The agent's UDP ports and the sampling ports are free ports too.
 * One node for a whole test class: {@code @RegisterExtension static final TestNode node = TestNode.forClass()}
 * starts it before the class's {@code @BeforeAll} methods and stops it after its tests.
 * A node in a JVM of its own is {@link io.weft.testing.WeftProcess}.
 */
public final class TestNode extends NodePorts implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  public final WeftNode node;

  private TestNode(Map<String, String> extra, boolean start) {
    this(extra, start ? 30 : 0);
  }

  /** {@code startSeconds} 0: not started here. */
  private TestNode(Map<String, String> extra, int startSeconds) {
    Map<String, String> flags = new HashMap<>(portOptions());
    flags.put("collector.instances", "2");
    flags.putAll(extra);
    node = new WeftNode(WeftConfig.defaults().with(flags));
    if (startSeconds > 0) {
      Wait.await(node.start(), startSeconds);
    }
  }

  /** A node whose start may take longer than usual (creating several Cassandra keyspaces, say). */
  public static TestNode startWithin(Map<String, String> extra, int seconds) {
    return new TestNode(extra, seconds);
  }

  public static TestNode start() {
    return start(Map.of());
  }

  public static TestNode start(Map<String, String> extra) {
    return new TestNode(extra, true);
  }

  /** A node for a test class, started and stopped by JUnit (register it as an extension). */
  public static TestNode forClass() {
    return forClass(Map.of());
  }

  /** A node with these options for a test class, started and stopped by JUnit (register it as an extension). */
  public static TestNode forClass(Map<String, String> extra) {
    return new TestNode(extra, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Wait.await(node.start());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * The sum of a metric's samples on the admin port, e.g. {@code weft_spans_written_total} or one
   * labelled sample {@code weft_spans_dropped_total{reason="agent-buffer-full"}}; 0 if absent.
   */
  public double metric(String sample) throws IOException, InterruptedException {
    return Metrics.value(Http.get(admin, "/metrics").body(), sample);
  }

  public HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return Http.get(port, path);
  }

  public HttpResponse<String> post(int port, String path, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return Http.post(port, path, contentType, body);
  }

  /** GET on the query port, parsed; fails the test unless the status is 200. */
  public JsonObject query(String path) throws IOException, InterruptedException {
    return Http.json(query, path);
  }

  /** The trace's JSON once it has at least {@code spans} spans, else null (a probe for {@link Wait#forValue}). */
  public JsonObject traceWith(String traceId, int spans) {
    return Http.traceWith(query, traceId, spans);
  }

  @Override
  public void close() {
    Wait.await(node.close(), 20);
  }
}
