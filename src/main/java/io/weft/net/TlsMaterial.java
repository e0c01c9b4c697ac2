package io.weft.net;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One reading of the PEM files: the key and chain (as a key manager and as bytes, for options that
 * travel as JSON such as the event bus's), the client CAs and the CAs Weft's own clients trust.
 * A reading whose key does not parse, or does not match its certificate, fails whole: the files
 * are perhaps being replaced, and the previous reading stays in use.
 */
record TlsMaterial(long generation, String stamp, byte[] key, byte[] cert, byte[] clientCa, byte[] ca,
    X509ExtendedKeyManager keys, X509ExtendedTrustManager clientTrust, X509ExtendedTrustManager serverTrust,
    X509Certificate leaf) {

  static TlsMaterial load(TlsSettings s, long generation) throws Exception {
    String stamp = stamp(s);
    byte[] key = read(s.key());
    byte[] cert = read(s.cert());
    byte[] clientCa = read(s.clientCa());
    byte[] ca = read(s.ca());
    X509ExtendedKeyManager keys = null;
    X509Certificate leaf = null;
    if (key != null) {
      PemKeyCertOptions o = new PemKeyCertOptions().setKeyValue(Buffer.buffer(key)).setCertValue(Buffer.buffer(cert));
      keys = keyManager(o.getKeyManagerFactory(null).getKeyManagers());
      String alias = firstAlias(keys);
      X509Certificate[] chain = keys.getCertificateChain(alias);
      if (chain == null || chain.length == 0 || keys.getPrivateKey(alias) == null) {
        throw new IllegalArgumentException(s.cert() + " / " + s.key() + ": no certificate with its key");
      }
      leaf = chain[0];
      matches(leaf, keys.getPrivateKey(alias), s);
    }
    return new TlsMaterial(generation, stamp, key, cert, clientCa, ca, keys, trust(clientCa), trust(ca), leaf);
  }

  /** Size and modification time of every file: what a poll compares. */
  static String stamp(TlsSettings s) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String f : new String[] {s.key(), s.cert(), s.clientCa(), s.ca()}) {
      if (!f.isEmpty()) {
        Path p = Path.of(f);
        b.append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis()).append(';');
      } else {
        b.append('-');
      }
    }
    return b.toString();
  }

  private static byte[] read(String path) throws IOException {
    return path.isEmpty() ? null : Files.readAllBytes(Path.of(path));
  }

  private static X509ExtendedTrustManager trust(byte[] pem) throws Exception {
    if (pem == null) {
      return null;
    }
    for (TrustManager tm : trustManagers(pem)) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X.509 trust manager for the CA file");
  }

  /** The JDK's PKIX trust managers over the certificates of a PEM file. */
  static TrustManager[] trustManagers(byte[] pem) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificates(new java.io.ByteArrayInputStream(pem))) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    if (i == 0) {
      throw new IllegalArgumentException("no certificate in the CA file");
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf.getTrustManagers();
  }

  private static X509ExtendedKeyManager keyManager(KeyManager[] kms) {
    for (KeyManager km : kms) {
      if (km instanceof X509ExtendedKeyManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X.509 key manager for the key file");
  }

  private static String firstAlias(X509ExtendedKeyManager keys) {
    for (String type : new String[] {"EC", "RSA", "EdDSA", "Ed25519", "DSA"}) {
      String[] a = keys.getServerAliases(type, null);
      if (a != null && a.length > 0) {
        return a[0];
      }
    }
    throw new IllegalArgumentException("the key file holds no usable private key");
  }

  /** The key must sign what the certificate's public key verifies: a key and chain from different pairs fail here. */
  private static void matches(X509Certificate cert, java.security.PrivateKey key, TlsSettings s) throws Exception {
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> null;
    };
    if (alg == null) {
      return;
    }
    byte[] probe = "weft".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.security.Signature sign = java.security.Signature.getInstance(alg);
    sign.initSign(key);
    sign.update(probe);
    byte[] sig = sign.sign();
    java.security.Signature verify = java.security.Signature.getInstance(alg);
    verify.initVerify(cert.getPublicKey());
    verify.update(probe);
    if (!verify.verify(sig)) {
      throw new IllegalArgumentException(s.key() + " is not the key of the certificate in " + s.cert());
    }
  }

  /** The PEM certificates of a CA file, as the event bus's JSON options carry them. */
  static List<Buffer> buffers(byte[]... pems) {
    List<Buffer> out = new ArrayList<>();
    for (byte[] p : pems) {
      if (p != null) {
        out.add(Buffer.buffer(p));
      }
    }
    return out;
  }
}
