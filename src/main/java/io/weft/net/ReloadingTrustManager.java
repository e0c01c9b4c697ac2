package io.weft.net;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The CAs of the {@link TlsFiles}' current reading, asked at every handshake: the client CAs a
 * server checks client certificates against, or the CAs Weft's own clients check servers against.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private final TlsFiles files;
  private final Function<TlsMaterial, X509ExtendedTrustManager> pick;

  ReloadingTrustManager(TlsFiles files, Function<TlsMaterial, X509ExtendedTrustManager> pick) {
    this.files = files;
    this.pick = pick;
  }

  private X509ExtendedTrustManager now() throws CertificateException {
    X509ExtendedTrustManager t = pick.apply(files.current());
    if (t == null) {
      throw new CertificateException("no CA configured to check this certificate against");
    }
    return t;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    now().checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    now().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    now().checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    now().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    now().checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    now().checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    X509ExtendedTrustManager t = pick.apply(files.current());
    return t == null ? new X509Certificate[0] : t.getAcceptedIssuers();
  }
}
