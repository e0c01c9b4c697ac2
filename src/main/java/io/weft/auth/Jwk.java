package io.weft.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One signing key of a JWKS document (RFC 7517): RSA ({@code n}, {@code e}) for RS256, or EC on P-256
 * ({@code x}, {@code y}) for ES256. {@code kid} may be null; {@code alg} null when the key does not name one.
 */
public record Jwk(String kid, String kty, String alg, PublicKey key) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The signing keys of a JWKS document ({@code {"keys":[...]}}); keys of other types or uses
   * (encryption), and curves other than P-256, are passed over. Malformed JSON fails.
   */
  public static List<Jwk> parseSet(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException("the JWKS is not JSON: " + e.getMessage());
    }
    JsonNode keys = root == null ? null : root.get("keys");
    if (keys == null || !keys.isArray()) {
      throw new IllegalArgumentException("the JWKS has no \"keys\" array");
    }
    List<Jwk> out = new ArrayList<>();
    for (JsonNode k : keys) {
      Jwk one = parse(k);
      if (one != null) {
        out.add(one);
      }
    }
    return out;
  }

  static Jwk parse(JsonNode k) {
    String use = text(k, "use");
    if (use != null && !use.equals("sig")) {
      return null;
    }
    String kty = text(k, "kty");
    try {
      if ("RSA".equals(kty)) {
        return new Jwk(text(k, "kid"), kty, text(k, "alg"), KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(big(k, "n"), big(k, "e"))));
      }
      if ("EC".equals(kty) && "P-256".equals(text(k, "crv"))) {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
        return new Jwk(text(k, "kid"), kty, text(k, "alg"), KeyFactory.getInstance("EC")
            .generatePublic(new ECPublicKeySpec(new ECPoint(big(k, "x"), big(k, "y")), spec)));
      }
    } catch (Exception e) {
      return null; // a key that cannot be built signs nothing here
    }
    return null;
  }

  /** This key may check a token signed with {@code alg} (the JOSE name). */
  public boolean fits(String jwsAlg) {
    if (alg != null && !alg.equals(jwsAlg)) {
      return false;
    }
    return switch (jwsAlg) {
      case "RS256" -> kty.equals("RSA");
      case "ES256" -> kty.equals("EC");
      default -> false;
    };
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private static BigInteger big(JsonNode n, String f) {
    String v = text(n, f);
    if (v == null) {
      throw new IllegalArgumentException("missing " + f);
    }
    return new BigInteger(1, Base64.getUrlDecoder().decode(v));
  }
}
