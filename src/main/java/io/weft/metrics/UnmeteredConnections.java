package io.weft.metrics;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * An HTTP server's metrics that pass over a connection without a socket metric (accepted before the
 * server's metrics existed, see {@link VertxMetricsGuard}) and the requests, responses and WebSockets
 * it carries, instead of failing on them. Every other connection is counted as before.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class UnmeteredConnections implements HttpServerMetrics<Object, Object, Object> {
  private final HttpServerMetrics<Object, Object, Object> delegate;

  UnmeteredConnections(HttpServerMetrics<?, ?, ?> delegate) {
    this.delegate = (HttpServerMetrics) delegate;
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    return delegate.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
    if (socketMetric != null) {
      delegate.disconnected(socketMetric, remoteAddress);
    }
  }

  @Override
  public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    if (socketMetric != null) {
      delegate.bytesRead(socketMetric, remoteAddress, numberOfBytes);
    }
  }

  @Override
  public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    if (socketMetric != null) {
      delegate.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
    }
  }

  @Override
  public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
    if (socketMetric != null) {
      delegate.exceptionOccurred(socketMetric, remoteAddress, t);
    }
  }

  @Override
  public Object requestBegin(Object socketMetric, HttpRequest request) {
    return socketMetric == null ? null : delegate.requestBegin(socketMetric, request);
  }

  @Override
  public void requestEnd(Object requestMetric, HttpRequest request, long bytesRead) {
    if (requestMetric != null) {
      delegate.requestEnd(requestMetric, request, bytesRead);
    }
  }

  @Override
  public void requestReset(Object requestMetric) {
    if (requestMetric != null) {
      delegate.requestReset(requestMetric);
    }
  }

  @Override
  public void responseBegin(Object requestMetric, HttpResponse response) {
    if (requestMetric != null) {
      delegate.responseBegin(requestMetric, response);
    }
  }

  @Override
  public Object responsePushed(Object socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return socketMetric == null ? null : delegate.responsePushed(socketMetric, method, uri, response);
  }

  @Override
  public void responseEnd(Object requestMetric, HttpResponse response, long bytesWritten) {
    if (requestMetric != null) {
      delegate.responseEnd(requestMetric, response, bytesWritten);
    }
  }

  @Override
  public Object connected(Object socketMetric, Object requestMetric, ServerWebSocket serverWebSocket) {
    return socketMetric == null ? null : delegate.connected(socketMetric, requestMetric, serverWebSocket);
  }

  @Override
  public void disconnected(Object serverWebSocketMetric) {
    if (serverWebSocketMetric != null) {
      delegate.disconnected(serverWebSocketMetric);
    }
  }

  @Override
  public void requestRouted(Object requestMetric, String route) {
    if (requestMetric != null) {
      delegate.requestRouted(requestMetric, route);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
