package io.weft.net;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.weft.metrics.WeftMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How this node's listeners and its own clients talk TCP: TLS (certificates from {@link TlsFiles},
 * per {@link ListenerGroup}) and the {@link NetLimits} against hostile clients. One per Vert.x
 * instance ({@link #install}); every listener is built through it ({@link HttpListeners}, the TCP
 * bridge, the cluster's event bus), and each request passes its {@link RequestGate} (authentication).
 * A Vert.x without one (a verticle started alone in a unit test) gets plain listeners without limits.
 */
public final class NetPolicy implements Shareable {
  private static final String MAP = "weft.net";
  static final NetPolicy PLAIN = new NetPolicy(null, NetLimits.NONE, null, RequestGate.OPEN);

  private final TlsFiles files;
  private final NetLimits limits;
  private final WeftMetrics metrics;
  private final KeyCertOptions keys;
  private final TrustOptions clientTrust;
  private final TrustOptions serverTrust;
  private final Map<String, ConnectionGuard> guards = new ConcurrentHashMap<>();
  private final RequestGate gate;
  private final CorsPolicy cors;
  private final io.vertx.core.net.SSLEngineOptions engine;

  /** {@code files} null: no TLS. */
  public NetPolicy(TlsFiles files, NetLimits limits, WeftMetrics metrics, RequestGate gate) {
    this(files, limits, metrics, gate, CorsPolicy.NONE);
  }

  public NetPolicy(TlsFiles files, NetLimits limits, WeftMetrics metrics, RequestGate gate, CorsPolicy cors) {
    this(files, limits, metrics, gate, cors, TlsEngine.AUTO);
  }

  public NetPolicy(TlsFiles files, NetLimits limits, WeftMetrics metrics, RequestGate gate, CorsPolicy cors,
      TlsEngine engine) {
    this.engine = files == null ? null : engine.options();
    this.gate = gate;
    this.cors = cors;
    this.files = files;
    this.limits = limits;
    this.metrics = metrics;
    this.keys = files == null ? null : KeyCertOptions.wrap(new ReloadingKeyManager(files));
    this.clientTrust = files == null || files.settings().clientCa().isEmpty() ? null
        : TrustOptions.wrap(new ReloadingTrustManager(files, TlsMaterial::clientTrust));
    this.serverTrust = files == null || files.settings().ca().isEmpty() ? null
        : TrustOptions.wrap(new ReloadingTrustManager(files, TlsMaterial::serverTrust));
  }

  public static void install(Vertx vertx, NetPolicy policy) {
    vertx.sharedData().<String, NetPolicy>getLocalMap(MAP).put("policy", policy);
  }

  public static NetPolicy of(Vertx vertx) {
    LocalMap<String, NetPolicy> m = vertx.sharedData().getLocalMap(MAP);
    NetPolicy p = m.get("policy");
    return p == null ? PLAIN : p;
  }

  public TlsSettings tls() {
    return files == null ? TlsSettings.NONE : files.settings();
  }

  /** Who may call: every listener's requests pass it. */
  public RequestGate gate() {
    return gate;
  }

  /** Cross-origin requests: in front of {@link #gate}, since a browser's preflight carries no token. */
  public CorsPolicy cors() {
    return cors;
  }

  public NetLimits limits() {
    return limits;
  }

  /** TLS, limits and HTTP/2 settings of a group's HTTP listener over {@code o} (host, port, compression...). */
  public HttpServerOptions http(ListenerGroup g, HttpServerOptions o) {
    HttpServerOptions out = new HttpServerOptions(o);
    out.getInitialSettings().setMaxConcurrentStreams(limits.http2MaxStreams());
    if (limits.idleTimeoutMs() > 0) {
      out.setIdleTimeout((int) limits.idleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    if (limits.headerTimeoutMs() > 0) {
      out.setSslHandshakeTimeout(limits.headerTimeoutMs()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    if (tls().on(g)) {
      out.setSsl(true).setUseAlpn(true).setKeyCertOptions(keys).setSslEngineOptions(engine.copy());
      ClientAuth auth = tls().clientAuth(g);
      if (auth != ClientAuth.NONE) {
        out.setClientAuth(auth).setTrustOptions(clientTrust);
      }
    }
    return out;
  }

  /** The same for a plain TCP listener (the event-bus bridge). */
  public NetServerOptions net(ListenerGroup g, NetServerOptions o) {
    NetServerOptions out = new NetServerOptions(o);
    if (limits.idleTimeoutMs() > 0) {
      out.setIdleTimeout((int) limits.idleTimeoutMs()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    if (limits.headerTimeoutMs() > 0) {
      out.setSslHandshakeTimeout(limits.headerTimeoutMs()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS);
    }
    if (tls().on(g)) {
      out.setSsl(true).setKeyCertOptions(keys).setSslEngineOptions(engine.copy());
      ClientAuth auth = tls().clientAuth(g);
      if (auth != ClientAuth.NONE) {
        out.setClientAuth(auth).setTrustOptions(clientTrust);
      }
    }
    return out;
  }

  /**
   * Options of a Weft client talking to another Weft's TLS listener (the agent to a collector): the
   * CAs of {@code tls.ca} (else the JVM's), and this node's certificate when the server asks for one.
   */
  public HttpClientOptions client(HttpClientOptions o) {
    HttpClientOptions out = new HttpClientOptions(o).setSsl(true).setUseAlpn(true)
        .setSslEngineOptions((engine == null ? TlsEngine.AUTO.options() : engine).copy());
    if (serverTrust != null) {
      out.setTrustOptions(serverTrust);
    }
    if (keys != null) {
      out.setKeyCertOptions(keys);
    }
    return out;
  }

  /** The connection guard of one listener (shared by the verticle instances that share its port). */
  ConnectionGuard guard(Vertx vertx, ListenerGroup g, int port) {
    String label = g.id() + ":" + port;
    return guards.computeIfAbsent(label, l -> new ConnectionGuard(vertx, limits, l,
        metrics == null ? new io.micrometer.core.instrument.simple.SimpleMeterRegistry() : metrics.meterRegistry()));
  }

  TlsFiles files() {
    return files;
  }
}
