package io.weft.net;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on the clustered event bus (listener group {@code cluster}). Vert.x copies the event bus's
 * options through JSON, so the PEM contents go in as values (a key manager object would not survive
 * the copy). The event bus trusts the CAs of {@code tls.ca} and {@code tls.client-ca} both: each
 * member is client and server of the others. Vert.x does not verify host names between members; the
 * chain must lead to those CAs. On reload the new reading reaches the event bus's own server and client
 * (fields inside Vert.x's clustered event bus, reached by reflection; if that fails, the event bus keeps
 * its certificate until a restart, and says so once). The engine is {@code tls.engine}'s, as on every
 * listener: BoringSSL where it loads ({@code auto}, {@code openssl}), else the JDK's.
 */
public final class EventBusTls {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusTls.class);

  private EventBusTls() {}

  /** Sets TLS on the event bus options when the cluster group serves TLS. */
  public static void apply(EventBusOptions o, TlsFiles files) {
    if (files == null || !files.settings().on(ListenerGroup.CLUSTER)) {
      return;
    }
    TlsMaterial m = files.current();
    o.setSsl(true).setKeyCertOptions(keys(m)).setClientAuth(files.settings().clientAuth(ListenerGroup.CLUSTER))
        .setSslEngineOptions(files.settings().engine().options());
    PemTrustOptions trust = trust(m);
    if (trust != null) {
      o.setTrustOptions(trust);
    }
  }

  /** After the cluster is joined: each new reading of the files replaces the event bus's certificate. */
  public static void follow(Vertx vertx, TlsFiles files) {
    if (files == null || !files.settings().on(ListenerGroup.CLUSTER)) {
      return;
    }
    files.onReload(m -> {
      try {
        Object bus = vertx.eventBus();
        NetServer server = (NetServer) field(bus, "server");
        NetClient client = (NetClient) field(bus, "client");
        ServerSSLOptions so = new ServerSSLOptions().setKeyCertOptions(keys(m))
            .setClientAuth(files.settings().clientAuth(ListenerGroup.CLUSTER));
        ClientSSLOptions co = new ClientSSLOptions().setKeyCertOptions(keys(m)).setHostnameVerificationAlgorithm("");
        PemTrustOptions trust = trust(m);
        if (trust != null) {
          so.setTrustOptions(trust);
          co.setTrustOptions(trust);
        }
        server.updateSSLOptions(so, true);
        client.updateSSLOptions(co, true);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.warn("the cluster event bus keeps its certificate until this node restarts ({})", e.toString());
      }
    });
  }

  /**
   * The TLS engine the joined event bus's server runs, read from the SSL context it built ("openssl" or
   * "jdk"); null when the event bus has no TLS or its server cannot be inspected.
   */
  public static String engineInUse(Vertx vertx) {
    try {
      Object server = field(vertx.eventBus(), "server");
      if (!(server instanceof io.vertx.core.net.impl.NetServerInternal s) || s.sslContextProvider() == null) {
        return null;
      }
      io.netty.handler.ssl.SslContext ctx = s.sslContextProvider().sslServerContext(false);
      if (ctx instanceof io.vertx.core.internal.net.VertxSslContext v) {
        ctx = v.unwrap();
      }
      return ctx instanceof io.netty.handler.ssl.ReferenceCountedOpenSslContext ? "openssl"
          : ctx instanceof io.netty.handler.ssl.JdkSslContext ? "jdk" : ctx.getClass().getSimpleName();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cannot tell the cluster event bus's TLS engine", e);
      return null;
    }
  }

  private static Object field(Object o, String name) throws ReflectiveOperationException {
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
      } catch (NoSuchFieldException e) {
        // the superclass then
      }
    }
    throw new NoSuchFieldException(name);
  }

  private static PemKeyCertOptions keys(TlsMaterial m) {
    return new PemKeyCertOptions().addKeyValue(io.vertx.core.buffer.Buffer.buffer(m.key()))
        .addCertValue(io.vertx.core.buffer.Buffer.buffer(m.cert()));
  }

  private static PemTrustOptions trust(TlsMaterial m) {
    if (m.ca() == null && m.clientCa() == null) {
      return null;
    }
    PemTrustOptions t = new PemTrustOptions();
    TlsMaterial.buffers(m.ca(), m.clientCa()).forEach(t::addCertValue);
    return t;
  }
}
