package io.weft.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * A compact JWS (header.claims.signature, base64url) taken apart but not yet trusted. Only RS256 and
 * ES256 are accepted: {@code none} and HMAC (whose "key" would be the public key) never are.
 */
record Jwt(String alg, String kid, JsonNode claims, byte[] signingInput, byte[] signature) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A token that looks like a JWT (two dots), to tell it from an opaque token of the tokens file. */
  static boolean looksLikeJwt(String token) {
    int a = token.indexOf('.');
    return a > 0 && token.indexOf('.', a + 1) > a + 1 && token.startsWith("eyJ");
  }

  static Jwt parse(String token) {
    String[] p = token.split("\\.", -1);
    if (p.length != 3) {
      throw AuthException.unauthenticated("malformed", "the bearer token is not a JWT (header.claims.signature)");
    }
    try {
      Base64.Decoder d = Base64.getUrlDecoder();
      JsonNode header = JSON.readTree(d.decode(p[0]));
      JsonNode claims = JSON.readTree(d.decode(p[1]));
      if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
        throw new IllegalArgumentException("not JSON objects");
      }
      String alg = header.path("alg").asText("");
      if (!alg.equals("RS256") && !alg.equals("ES256")) {
        throw AuthException.unauthenticated("bad_algorithm", "the JWT is signed with '" + alg
            + "'; Weft accepts RS256 and ES256");
      }
      String kid = header.hasNonNull("kid") ? header.get("kid").asText() : null;
      return new Jwt(alg, kid, claims, (p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII), d.decode(p[2]));
    } catch (AuthException e) {
      throw e;
    } catch (Exception e) {
      throw AuthException.unauthenticated("malformed", "the JWT cannot be decoded (base64url JSON header and claims)");
    }
  }

  /** The signature checks out with {@code key} (the caller chose a key that {@link Jwk#fits} the alg). */
  boolean signedBy(PublicKey key) {
    try {
      Signature s = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      if (alg.equals("ES256") && signature.length != 64) {
        return false; // JWS ES256 is R||S, 32 bytes each (RFC 7518 3.4)
      }
      s.initVerify(key);
      s.update(signingInput);
      return s.verify(signature);
    } catch (Exception e) {
      return false;
    }
  }
}
