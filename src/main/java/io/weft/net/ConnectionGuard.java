package io.weft.net;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP listener's defence against hostile clients ({@link NetLimits}): at most so many connections
 * open (more are closed at once), a connection that does not deliver a request's headers in time is
 * closed (slowloris; on HTTP/1 also the wait for the next keep-alive request), a request whose body is
 * not delivered in time is cut off, and requests that find their HTTP/2 connection at its stream limit
 * are counted (Netty refuses streams past the advertised limit). Everything here runs on the
 * connection's event loop. Counted in /metrics under {@code listener="group:port"}.
 */
final class ConnectionGuard {
  private final Vertx vertx;
  private final NetLimits limits;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<HttpConnection, Conn> conns = new ConcurrentHashMap<>();
  private final Counter refused;
  private final Counter headerTimeouts;
  private final Counter bodyTimeouts;
  private final Counter atStreamLimit;

  /** A connection's state: the requests in flight, when the last one came. */
  private static final class Conn {
    final HttpConnection connection;
    final List<HttpServerRequest> inFlight = new ArrayList<>(2);
    long lastAt = System.nanoTime();
    boolean http2;
    boolean upgraded;
    boolean closed;
    long timer = -1;

    Conn(HttpConnection connection) {
      this.connection = connection;
    }
  }

  ConnectionGuard(Vertx vertx, NetLimits limits, String listener, MeterRegistry registry) {
    this.vertx = vertx;
    this.limits = limits;
    Gauge.builder("weft_net_connections", open, AtomicInteger::get).description("connections open, per listener")
        .tag("listener", listener).register(registry);
    refused = counter(registry, "weft_net_connections_refused", "connections closed at once: the listener was at "
        + "net.max-connections", listener);
    headerTimeouts = Counter.builder("weft_net_timeouts").description("connections or requests cut off for slowness "
        + "(phase header: net.header-timeout; body: net.body-timeout)").tag("listener", listener).tag("phase", "header")
        .register(registry);
    bodyTimeouts = Counter.builder("weft_net_timeouts").description("connections or requests cut off for slowness "
        + "(phase header: net.header-timeout; body: net.body-timeout)").tag("listener", listener).tag("phase", "body")
        .register(registry);
    atStreamLimit = counter(registry, "weft_net_http2_streams_at_limit", "HTTP/2 requests that found their connection "
        + "at net.http2.max-concurrent-streams (further streams are refused)", listener);
  }

  private static Counter counter(MeterRegistry r, String name, String help, String listener) {
    return Counter.builder(name).description(help).tag("listener", listener).register(r);
  }

  /**
   * Takes a slot if one is free. Never counts past the limit, even for a moment: listeners accept on several
   * event loops at once, and an increment undone after the check showed in weft_net_connections.
   */
  private boolean admit() {
    while (true) {
      int n = open.get();
      if (n >= limits.maxConnections()) {
        refused.increment();
        return false;
      }
      if (open.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void onConnection(HttpConnection connection) {
    if (!admit()) {
      connection.close();
      return;
    }
    Conn c = new Conn(connection);
    conns.put(connection, c);
    connection.closeHandler(v -> {
      open.decrementAndGet();
      conns.remove(connection);
      c.closed = true;
      if (c.timer >= 0) {
        vertx.cancelTimer(c.timer);
      }
    });
    if (limits.headerTimeoutMs() > 0) {
      arm(c, limits.headerTimeoutMs());
    }
  }

  /** The TCP bridge's events: its sockets count against the limit like HTTP connections; frames go to the gate. */
  void onBridgeEvent(io.vertx.ext.eventbus.bridge.tcp.BridgeEvent e, RequestGate gate) {
    switch (e.type()) {
      case SOCKET_CREATED -> {
        if (!admit()) {
          e.complete(false);
          e.socket().close();
          return;
        }
        counted.add(e.socket());
      }
      case SOCKET_CLOSED -> {
        if (counted.remove(e.socket())) {
          open.decrementAndGet();
        }
      }
      default -> {
        gate.bridge(ListenerGroup.BRIDGE, e);
        return;
      }
    }
    e.complete(true);
  }

  private final java.util.Set<Object> counted = ConcurrentHashMap.newKeySet();

  Handler<HttpServerRequest> wrap(Handler<HttpServerRequest> handler) {
    return req -> {
      onRequest(req);
      handler.handle(req);
    };
  }

  private void onRequest(HttpServerRequest req) {
    Conn c = conns.get(req.connection());
    if (c != null) {
      c.lastAt = System.nanoTime();
      c.http2 = req.version() == HttpVersion.HTTP_2;
      c.inFlight.removeIf(r -> r.response().ended() || r.response().closed());
      c.inFlight.add(req);
      if (isUpgrade(req)) {
        c.upgraded = true; // a WebSocket lives as long as it likes (the idle timeout still applies)
      }
      if (c.http2 && c.inFlight.size() >= limits.http2MaxStreams()) {
        atStreamLimit.increment();
      }
    }
    if (limits.bodyTimeoutMs() > 0 && !req.isEnded() && !isUpgrade(req)) {
      long t = vertx.setTimer(limits.bodyTimeoutMs(), id -> {
        if (!req.isEnded()) {
          bodyTimeouts.increment();
          if (req.version() == HttpVersion.HTTP_2) {
            req.response().reset(8); // CANCEL: this stream only
          } else {
            req.connection().close();
          }
        }
      });
      req.end().onComplete(ar -> vertx.cancelTimer(t));
    }
  }

  private static boolean isUpgrade(HttpServerRequest req) {
    String u = req.getHeader("upgrade");
    return u != null && u.equalsIgnoreCase("websocket");
  }

  private void arm(Conn c, long delayMs) {
    c.timer = vertx.setTimer(Math.max(1, delayMs), id -> check(c));
  }

  /**
   * The header timer: a connection with no request in flight must have had one within the header timeout.
   * On HTTP/1 the wait for the next request starts when the previous one is answered; a request found
   * answered here counts as answered now (its end is not observed), so a keep-alive connection is never
   * closed sooner than the timeout after its last response, and at most twice the timeout after it.
   */
  private void check(Conn c) {
    c.timer = -1;
    if (c.closed || c.upgraded || c.http2) {
      return; // an HTTP/2 connection past its first request: the idle timeout governs it
    }
    boolean answered = c.inFlight.removeIf(r -> r.response().ended() || r.response().closed());
    long timeout = limits.headerTimeoutMs();
    if (answered || !c.inFlight.isEmpty()) {
      // Busy answering, or answered since the last look: the wait for the next request starts now. (Measured
      // from the request's arrival, a request answered slowly left its client only the rest of the timeout:
      // a loaded node closed keep-alive connections a moment after answering on them.)
      c.lastAt = System.nanoTime();
      arm(c, timeout);
      return;
    }
    long since = (System.nanoTime() - c.lastAt) / 1_000_000;
    if (since >= timeout) {
      headerTimeouts.increment();
      c.connection.close();
    } else {
      arm(c, timeout - since);
    }
  }
}
