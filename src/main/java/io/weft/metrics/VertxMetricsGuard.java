package io.weft.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.function.UnaryOperator;

/**
 * Vert.x's own metrics ({@code vertx_*} on /metrics) from Micrometer, with one race of Vert.x 5.0.7
 * made harmless. A server creates its metrics in a callback of its socket's bind, which the thread
 * calling listen adds after starting the bind: if that thread is slow (a busy machine), the callback
 * runs after the socket already accepts, and a connection accepted in between (a probe polling
 * /health of a starting node) gets no socket metric. Its HTTP requests are still reported to the
 * server's metrics, and Micrometer's throw on the missing metric (NullPointerException "socketMetric
 * is null" in requestBegin): the request is never answered. Here such a connection goes uncounted.
 */
public final class VertxMetricsGuard implements VertxMetrics {
  private final VertxMetrics delegate;
  private final UnaryOperator<EventBusMetrics<?>> busObserver;

  VertxMetricsGuard(VertxMetrics delegate, UnaryOperator<EventBusMetrics<?>> busObserver) {
    this.delegate = delegate;
    this.busObserver = busObserver;
  }

  /** The factory a node's Vert.x is built with: Micrometer's over {@code registry}, guarded. */
  public static VertxMetricsFactory factory(PrometheusMeterRegistry registry) {
    return factory(registry, UnaryOperator.identity());
  }

  /**
   * The same, the event bus's metrics (Micrometer's, or null) also seen by {@code busObserver}, which
   * wraps them (e.g. to learn of every consumer registered: {@code io.weft.storage.live.LiveWatchers}).
   */
  public static VertxMetricsFactory factory(PrometheusMeterRegistry registry, UnaryOperator<EventBusMetrics<?>> busObserver) {
    MicrometerMetricsFactory micrometer = new MicrometerMetricsFactory(registry);
    return options -> new VertxMetricsGuard(micrometer.metrics(options), busObserver);
  }

  @Override
  public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
    HttpServerMetrics<?, ?, ?> m = delegate.createHttpServerMetrics(options, localAddress);
    return m == null ? null : new UnmeteredConnections(m);
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return busObserver.apply(delegate.createEventBusMetrics());
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    return delegate.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
    return delegate.createHttpClientMetrics(options);
  }

  @Override
  public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
    return delegate.createNetServerMetrics(options, localAddress);
  }

  @Override
  public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
    return delegate.createNetClientMetrics(options);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return delegate.createDatagramSocketMetrics(options);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
    return delegate.createPoolMetrics(type, name, maxSize);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    delegate.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return delegate.isMetricsEnabled();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
