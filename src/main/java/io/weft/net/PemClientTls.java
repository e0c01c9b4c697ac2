package io.weft.net;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of a client Weft opens to another system (Cassandra's driver), from PEM files read
 * the same way as the listeners' ({@link TlsMaterial}): the CAs to trust (empty: the JVM's trust
 * store) and, for mutual TLS, the certificate chain and its key (PKCS#8 or PKCS#1).
 */
public final class PemClientTls {
  private PemClientTls() {}

  /** Fails with what is wrong with which file (a CA file without certificates, a key that does not parse). */
  public static SSLContext context(String caFile, String certFile, String keyFile) throws Exception {
    TrustManager[] trust = null;
    if (!caFile.isEmpty()) {
      try {
        trust = TlsMaterial.trustManagers(Files.readAllBytes(Path.of(caFile)));
      } catch (Exception e) {
        throw new IllegalArgumentException(caFile + ": " + e.getMessage(), e);
      }
    }
    KeyManager[] keys = null;
    if (!certFile.isEmpty()) {
      try {
        keys = new PemKeyCertOptions().setKeyValue(Buffer.buffer(Files.readAllBytes(Path.of(keyFile))))
            .setCertValue(Buffer.buffer(Files.readAllBytes(Path.of(certFile)))).getKeyManagerFactory(null).getKeyManagers();
      } catch (Exception e) {
        throw new IllegalArgumentException(certFile + " / " + keyFile + ": " + e.getMessage(), e);
      }
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys, trust, null);
    return ctx;
  }
}
