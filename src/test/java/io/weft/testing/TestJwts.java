package io.weft.testing;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An identity provider for tests: signing keys generated here (RSA for RS256, EC P-256 for ES256),
 * JWTs signed with them, and a real HTTP server on 127.0.0.1 serving the public keys as a JWKS, whose
 * keys can change while it runs (a rotation) and which counts how often it was asked.
 */
public final class TestJwts implements AutoCloseable {
  /** A signing key with its key id and JOSE algorithm. */
  public record Key(String kid, String alg, KeyPair pair) {
    public static Key rsa(String kid) throws Exception {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return new Key(kid, "RS256", g.generateKeyPair());
    }

    public static Key ec(String kid) throws Exception {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return new Key(kid, "ES256", g.generateKeyPair());
    }

    /** The public half as a JWK (RFC 7517/7518). */
    public JsonObject jwk() {
      JsonObject j = new JsonObject().put("kid", kid).put("use", "sig").put("alg", alg);
      if (pair.getPublic() instanceof RSAPublicKey r) {
        return j.put("kty", "RSA").put("n", b64(unsigned(r.getModulus(), 0))).put("e", b64(unsigned(r.getPublicExponent(), 0)));
      }
      ECPublicKey e = (ECPublicKey) pair.getPublic();
      return j.put("kty", "EC").put("crv", "P-256").put("x", b64(unsigned(e.getW().getAffineX(), 32)))
          .put("y", b64(unsigned(e.getW().getAffineY(), 32)));
    }

    /** A compact JWS of {@code claims} signed with this key. */
    public String sign(JsonObject claims) throws Exception {
      return TestJwts.sign(new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid), claims, alg,
          pair.getPrivate());
    }
  }

  private final HttpServer server;
  private final List<Key> served = new CopyOnWriteArrayList<>();
  private final AtomicInteger fetches = new AtomicInteger();

  /** Starts the JWKS server on a free port of 127.0.0.1 serving {@code keys} at /jwks. */
  public TestJwts(Key... keys) throws Exception {
    served.addAll(List.of(keys));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/jwks", ex -> {
      fetches.incrementAndGet();
      JsonArray list = new JsonArray();
      served.forEach(k -> list.add(k.jwk()));
      byte[] body = new JsonObject().put("keys", list).encode().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("content-type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  /** Serves {@code k} too from now on. */
  public void add(Key k) {
    served.add(k);
  }

  public int fetches() {
    return fetches.get();
  }

  /** Claims of a token for {@code issuer}/{@code audience} valid for an hour, with {@code extra}. */
  public static JsonObject claims(String issuer, String audience, Map<String, Object> extra) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject c = new JsonObject().put("iss", issuer).put("aud", audience).put("sub", "user-1")
        .put("iat", now).put("exp", now + 3600);
    extra.forEach(c::put);
    return c;
  }

  public static String sign(JsonObject header, JsonObject claims, String alg, PrivateKey key) throws Exception {
    String input = b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(s.sign());
  }

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Big-endian without a sign byte, left-padded to {@code width} bytes when given. */
  private static byte[] unsigned(BigInteger v, int width) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    if (width > b.length) {
      byte[] p = new byte[width];
      System.arraycopy(b, 0, p, width - b.length, b.length);
      b = p;
    }
    return b;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
