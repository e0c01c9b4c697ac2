package io.weft.net;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The key and chain of the {@link TlsFiles}' current reading, asked at every handshake. An alias
 * carries its reading's generation, so a handshake that chose its alias just before a reload still
 * gets the chain and key of that one reading.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private final TlsFiles files;

  ReloadingKeyManager(TlsFiles files) {
    this.files = files;
  }

  private static String tag(TlsMaterial m, String alias) {
    return alias == null ? null : m.generation() + "|" + alias;
  }

  private static String[] tag(TlsMaterial m, String[] aliases) {
    if (aliases == null) {
      return null;
    }
    String[] out = new String[aliases.length];
    for (int i = 0; i < aliases.length; i++) {
      out[i] = tag(m, aliases[i]);
    }
    return out;
  }

  private TlsMaterial of(String alias) {
    int bar = alias == null ? -1 : alias.indexOf('|');
    if (bar < 0) {
      return null;
    }
    try {
      return files.generation(Long.parseLong(alias.substring(0, bar)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String inner(String alias) {
    return alias.substring(alias.indexOf('|') + 1);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    TlsMaterial m = files.current();
    return m.keys() == null ? null : tag(m, m.keys().getClientAliases(keyType, issuers));
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    TlsMaterial m = files.current();
    return m.keys() == null ? null : tag(m, m.keys().chooseClientAlias(keyType, issuers, socket));
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    TlsMaterial m = files.current();
    return m.keys() == null ? null : tag(m, m.keys().chooseEngineClientAlias(keyType, issuers, engine));
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    TlsMaterial m = files.current();
    return m.keys() == null ? null : tag(m, m.keys().getServerAliases(keyType, issuers));
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    TlsMaterial m = files.current();
    return m.keys() == null ? null : tag(m, m.keys().chooseServerAlias(keyType, issuers, socket));
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    TlsMaterial m = files.current();
    return m.keys() == null ? null : tag(m, m.keys().chooseEngineServerAlias(keyType, issuers, engine));
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    TlsMaterial m = of(alias);
    return m == null || m.keys() == null ? null : m.keys().getCertificateChain(inner(alias));
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    TlsMaterial m = of(alias);
    return m == null || m.keys() == null ? null : m.keys().getPrivateKey(inner(alias));
  }
}
