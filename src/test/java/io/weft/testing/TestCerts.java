package io.weft.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made for one test run (EC P-256, never committed): a CA, and leaf certificates it
 * signs for 127.0.0.1 and localhost, usable by servers and clients both. Written as PEM files.
 */
public final class TestCerts {
  /** A key and its certificate, as PEM files (chain: the leaf, then its CA). */
  public record Leaf(Path key, Path cert, X509Certificate certificate) {
    public String keyPem() throws Exception {
      return Files.readString(key);
    }

    public String certPem() throws Exception {
      return Files.readString(cert);
    }
  }

  /** A certificate authority: its certificate as a PEM file, and what it signs. */
  public static final class Ca {
    private final String name;
    private final KeyPair keys;
    private final X509Certificate cert;
    public final Path certFile;

    private Ca(String name, KeyPair keys, X509Certificate cert, Path certFile) {
      this.name = name;
      this.keys = keys;
      this.cert = cert;
      this.certFile = certFile;
    }

    /** A new CA, its certificate written to {@code dir/NAME-ca.pem}. */
    public static Ca create(Path dir, String name) throws Exception {
      KeyPair kp = ecKeys();
      X500Name subject = new X500Name("CN=" + name + " test CA");
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), new Date(System.currentTimeMillis()
          - 60_000), new Date(System.currentTimeMillis() + 86_400_000L), subject, kp.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate cert = sign(b, kp.getPrivate());
      Path f = dir.resolve(name + "-ca.pem");
      Files.writeString(f, pem("CERTIFICATE", cert.getEncoded()));
      return new Ca(name, kp, cert, f);
    }

    /** A leaf for 127.0.0.1 and localhost, server and client use, written to {@code dir/FILE-key.pem} and {@code -cert.pem}. */
    public Leaf issue(Path dir, String file, String commonName) throws Exception {
      KeyPair kp = ecKeys();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name + " test CA"), serial(),
          new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
          new X500Name("CN=" + commonName), kp.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      X509Certificate leaf = sign(b, keys.getPrivate());
      Path key = dir.resolve(file + "-key.pem");
      Path cert = dir.resolve(file + "-cert.pem");
      writeAtomically(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
      writeAtomically(cert, pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", this.cert.getEncoded()));
      return new Leaf(key, cert, leaf);
    }
  }

  private TestCerts() {}

  /** A client's TLS: trusting {@code ca}, showing {@code client} when asked (null: no certificate). */
  public static javax.net.ssl.SSLContext sslContext(Path ca, Leaf client) throws Exception {
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    javax.net.ssl.KeyManager[] keys = client == null ? null : new io.vertx.core.net.PemKeyCertOptions()
        .setKeyValue(io.vertx.core.buffer.Buffer.buffer(Files.readAllBytes(client.key())))
        .setCertValue(io.vertx.core.buffer.Buffer.buffer(Files.readAllBytes(client.cert())))
        .getKeyManagerFactory(null).getKeyManagers();
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(Files.newInputStream(ca)));
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    javax.net.ssl.TrustManager[] trust = tmf.getTrustManagers();
    ctx.init(keys, trust, null);
    return ctx;
  }

  /** The certificate a TLS server on 127.0.0.1:{@code port} shows to a new connection (trusting {@code ca}). */
  public static X509Certificate served(int port, Path ca, Leaf client) throws Exception {
    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) sslContext(ca, client).getSocketFactory()
        .createSocket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  /** Replaces a file in one step (a reader sees the old or the new content, never half). */
  public static void writeAtomically(Path file, String text) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static KeyPair ecKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(signer)));
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
