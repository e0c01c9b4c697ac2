package io.weft.net;

import io.vertx.core.http.ClientAuth;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * TLS as configured: one certificate (PEM key and chain) for every listener group in {@code listeners},
 * client certificates checked against {@code clientCa} on the groups in {@code clientAuthListeners},
 * and {@code ca}: what Weft's own clients (agent to collector, members to each other) trust. Paths are
 * empty when unset; {@link #enabled()} when a certificate is given. {@code engine} ({@code tls.engine})
 * runs every TLS listener and the clustered event bus.
 */
public record TlsSettings(String cert, String key, String clientCa, ClientAuth clientAuth, String ca,
    Set<ListenerGroup> listeners, Set<ListenerGroup> clientAuthListeners, long reloadMs, TlsEngine engine) {

  public static final TlsSettings NONE = new TlsSettings("", "", "", ClientAuth.NONE, "", Set.of(), Set.of(), 0);

  /** With the default engine ({@code auto}). */
  public TlsSettings(String cert, String key, String clientCa, ClientAuth clientAuth, String ca,
      Set<ListenerGroup> listeners, Set<ListenerGroup> clientAuthListeners, long reloadMs) {
    this(cert, key, clientCa, clientAuth, ca, listeners, clientAuthListeners, reloadMs, TlsEngine.AUTO);
  }

  public static TlsSettings from(WeftConfig c) {
    String cert = c.get(Options.TLS_CERT).trim();
    String key = c.get(Options.TLS_KEY).trim();
    String clientCa = c.get(Options.TLS_CLIENT_CA).trim();
    String ca = c.get(Options.TLS_CA).trim();
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(Options.TLS_CERT.name() + " and " + Options.TLS_KEY.name() + " go together: give both or neither");
    }
    ClientAuth auth = clientAuth(c.get(Options.TLS_CLIENT_AUTH));
    if (auth != ClientAuth.NONE && clientCa.isEmpty()) {
      throw new ConfigException(Options.TLS_CLIENT_AUTH.name() + "=" + c.get(Options.TLS_CLIENT_AUTH).trim()
          + " needs " + Options.TLS_CLIENT_CA.name() + " (the CA certificates that sign client certificates)");
    }
    if (auth != ClientAuth.NONE && cert.isEmpty()) {
      throw new ConfigException(Options.TLS_CLIENT_AUTH.name() + " needs TLS: set " + Options.TLS_CERT.name()
          + " and " + Options.TLS_KEY.name());
    }
    for (String[] f : new String[][] {{Options.TLS_CERT.name(), cert}, {Options.TLS_KEY.name(), key},
        {Options.TLS_CLIENT_CA.name(), clientCa}, {Options.TLS_CA.name(), ca}}) {
      if (!f[1].isEmpty() && !Files.isReadable(Path.of(f[1]))) {
        throw new ConfigException(f[0] + ": cannot read " + f[1]);
      }
    }
    return new TlsSettings(cert, key, clientCa, auth, ca,
        ListenerGroup.parseList(Options.TLS_LISTENERS.name(), c.get(Options.TLS_LISTENERS)),
        ListenerGroup.parseList(Options.TLS_CLIENT_AUTH_LISTENERS.name(), c.get(Options.TLS_CLIENT_AUTH_LISTENERS)),
        c.getMicros(Options.TLS_RELOAD) / 1000, TlsEngine.parse(Options.TLS_ENGINE.name(), c.get(Options.TLS_ENGINE)));
  }

  private static ClientAuth clientAuth(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "", "none" -> ClientAuth.NONE;
      case "request" -> ClientAuth.REQUEST;
      case "required", "require" -> ClientAuth.REQUIRED;
      default -> throw new ConfigException(Options.TLS_CLIENT_AUTH.name() + " must be none, request or required, got '"
          + text + "'");
    };
  }

  /** A certificate is configured. */
  public boolean enabled() {
    return !cert.isEmpty();
  }

  /** This group's listeners serve TLS. */
  public boolean on(ListenerGroup g) {
    return enabled() && listeners.contains(g);
  }

  /** What this group asks of clients: {@link #clientAuth} where it applies, else none. */
  public ClientAuth clientAuth(ListenerGroup g) {
    return on(g) && clientAuthListeners.contains(g) ? clientAuth : ClientAuth.NONE;
  }
}
