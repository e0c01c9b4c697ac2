package io.weft.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.weft.it.TestNode;
import io.weft.testing.Http;
import io.weft.testing.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's Vert.x metrics given what Vert.x 5.0.7 reports for a connection accepted between a server's
 * bind and the creation of its metrics (a probe polling /health of a starting node): requests of a
 * connection without a socket metric. Micrometer's metrics alone throw there (NullPointerException
 * "socketMetric is null" in requestBegin) and the request is never answered; the node's pass over them,
 * and still count every other connection's requests.
 */
class VertxMetricsGuardTest {
  @RegisterExtension
  static final TestNode node = TestNode.forClass();

  /** A request as Vert.x describes it to metrics; the method names this test's own series. */
  private record Probe(HttpMethod method) implements HttpRequest {
    @Override public int id() { return 1; }
    @Override public String uri() { return "/health"; }
    @Override public String absoluteURI() { return "http://127.0.0.1/health"; }
    @Override public MultiMap headers() { return MultiMap.caseInsensitiveMultiMap(); }
    @Override public SocketAddress remoteAddress() { return REMOTE; }
  }

  private record Answer(int statusCode) implements HttpResponse {
    @Override public MultiMap headers() { return MultiMap.caseInsensitiveMultiMap(); }
  }

  private static final SocketAddress REMOTE = SocketAddress.inetSocketAddress(40000, "127.0.0.1");

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aConnectionWithoutSocketMetricIsServedUncountedAndOthersCounted() throws Exception {
    HttpServerMetrics<Object, Object, Object> m = (HttpServerMetrics) ((VertxInternal) node.node.vertx()).metrics()
        .createHttpServerMetrics(new HttpServerOptions(), SocketAddress.inetSocketAddress(1, "127.0.0.1"));
    Probe uncounted = new Probe(HttpMethod.valueOf("UNMETERED"));
    Object request = m.requestBegin(null, uncounted); // Micrometer's alone: NullPointerException
    m.requestEnd(request, uncounted, 0);
    m.requestRouted(request, "/health");
    m.responseBegin(request, new Answer(200));
    m.responseEnd(request, new Answer(200), 2);
    m.bytesRead(null, REMOTE, 1L << 20);
    m.bytesWritten(null, REMOTE, 1L << 20);
    m.disconnected(null, REMOTE);

    Probe counted = new Probe(HttpMethod.valueOf("METERED"));
    Object socket = m.connected(REMOTE, null);
    Object other = m.requestBegin(socket, counted);
    m.requestEnd(other, counted, 0);
    m.responseBegin(other, new Answer(200));
    m.responseEnd(other, new Answer(200), 2);
    m.disconnected(socket, REMOTE);

    String metrics = Http.get(node.admin, "/metrics").body();
    assertEquals(1.0, Metrics.value(metrics, "vertx_http_server_requests_total", "method=\"METERED\""), metrics);
    assertEquals(0.0, Metrics.value(metrics, "vertx_http_server_requests_total", "method=\"UNMETERED\""));
  }
}
