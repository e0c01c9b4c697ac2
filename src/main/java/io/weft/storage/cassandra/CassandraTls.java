package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.net.PemClientTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * TLS between Weft and Cassandra (Cassandra's {@code client_encryption_options}): the CAs that sign
 * the nodes' certificates ({@code cassandra.tls.ca}; empty: the JVM's trust store), a client
 * certificate and key for nodes that require one ({@code require_client_auth}), and whether a node's
 * certificate must name the address Weft dialled. Read once, when the session opens.
 */
public record CassandraTls(boolean enabled, String ca, String cert, String key, boolean verifyHostname) {
  public static final CassandraTls OFF = new CassandraTls(false, "", "", "", true);

  public static CassandraTls from(WeftConfig c) {
    boolean on = Boolean.parseBoolean(c.get(Options.CASSANDRA_TLS_ENABLED).trim());
    String ca = c.get(Options.CASSANDRA_TLS_CA).trim();
    String cert = c.get(Options.CASSANDRA_TLS_CERT).trim();
    String key = c.get(Options.CASSANDRA_TLS_KEY).trim();
    if (!on && !(ca + cert + key).isEmpty()) {
      throw new ConfigException("cassandra.tls.ca, .cert and .key take effect only with "
          + Options.CASSANDRA_TLS_ENABLED.name() + "=true");
    }
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(Options.CASSANDRA_TLS_CERT.name() + " and " + Options.CASSANDRA_TLS_KEY.name()
          + " go together: give both or neither");
    }
    for (String[] f : new String[][] {{Options.CASSANDRA_TLS_CA.name(), ca}, {Options.CASSANDRA_TLS_CERT.name(), cert},
        {Options.CASSANDRA_TLS_KEY.name(), key}}) {
      if (!f[1].isEmpty() && !Files.isReadable(Path.of(f[1]))) {
        throw new ConfigException(f[0] + ": cannot read " + f[1]);
      }
    }
    return new CassandraTls(on, ca, cert, key, Boolean.parseBoolean(c.get(Options.CASSANDRA_TLS_VERIFY_HOSTNAME).trim()));
  }

  /** The driver's SSL engine factory over the PEM files. */
  SslEngineFactory engineFactory() {
    try {
      return new ProgrammaticSslEngineFactory(PemClientTls.context(ca, cert, key), null, verifyHostname);
    } catch (Exception e) {
      throw new ConfigException("cassandra.tls: " + e.getMessage());
    }
  }

  /**
   * A TLS failure behind the driver's "could not reach any contact point", said plainly; null if none.
   * A node that drops the connection at once is probably asking for what is not configured: TLS at
   * all, or a client certificate (the driver sees only a closed channel).
   */
  String explain(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof AllNodesFailedException all) {
        for (List<Throwable> errors : all.getAllErrors().values()) {
          for (Throwable e : errors) {
            String s = explain(e);
            if (s != null) {
              return s;
            }
          }
        }
      }
      if (t instanceof ClosedConnectionException && (!enabled || cert.isEmpty())) {
        return "Cassandra closed the connection while it was being set up (" + t.getMessage() + "): "
            + (enabled ? "if the nodes require client certificates, set " + Options.CASSANDRA_TLS_CERT.name() + " and "
                + Options.CASSANDRA_TLS_KEY.name() : "if the nodes require TLS, set " + Options.CASSANDRA_TLS_ENABLED.name()
                + "=true");
      }
      if (enabled && t instanceof SSLException) {
        return "the TLS handshake with Cassandra failed (" + t.getMessage() + "): check " + Options.CASSANDRA_TLS_CA.name()
            + " (the CA of the nodes' certificates" + (ca.isEmpty() ? ", not set: the JVM's trust store was used" : "")
            + ")" + (verifyHostname ? ", that the certificates name the contact points (or "
                + Options.CASSANDRA_TLS_VERIFY_HOSTNAME.name() + "=false)" : "")
            + (cert.isEmpty() ? " and whether the nodes require a client certificate (" + Options.CASSANDRA_TLS_CERT.name()
                + ")" : "");
      }
    }
    return null;
  }
}
