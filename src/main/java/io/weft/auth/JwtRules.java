package io.weft.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What makes a signed JWT good here (RFC 7519): signed by a key of the JWKS that fits its algorithm,
 * {@code iss} equal to the configured issuer, the audience among {@code aud}, {@code exp} in the future
 * and {@code nbf} in the past (each with the leeway), and at least one Weft permission. The reason of a
 * refusal names the claim, never the token.
 */
final class JwtRules {
  private final OidcSettings s;

  JwtRules(OidcSettings s) {
    this.s = s;
  }

  /** Signals that no key of {@code keys} carries the token's {@code kid}: a JWKS re-fetch may know it. */
  static final class UnknownKey extends RuntimeException {
    UnknownKey() {
      super(null, null, false, false);
    }
  }

  Principal check(Jwt jwt, List<Jwk> keys, long nowMs) {
    List<Jwk> candidates = new ArrayList<>();
    for (Jwk k : keys) {
      if ((jwt.kid() == null || jwt.kid().equals(k.kid())) && k.fits(jwt.alg())) {
        candidates.add(k);
      }
    }
    if (candidates.isEmpty()) {
      throw new UnknownKey();
    }
    boolean signed = false;
    for (Jwk k : candidates) {
      if (jwt.signedBy(k.key())) {
        signed = true;
        break;
      }
    }
    if (!signed) {
      throw AuthException.unauthenticated("bad_signature", "the JWT's signature does not check out against the JWKS");
    }
    JsonNode c = jwt.claims();
    String iss = c.path("iss").asText(null);
    if (!s.issuer().equals(iss)) {
      throw AuthException.unauthenticated("wrong_issuer", "the JWT's issuer (iss) is " + quoted(iss) + ", not "
          + quoted(s.issuer()));
    }
    if (!audience(c.get("aud"))) {
      throw AuthException.unauthenticated("wrong_audience", "the JWT's audience (aud) does not include "
          + quoted(s.audience()));
    }
    long now = nowMs / 1000;
    JsonNode exp = c.get("exp");
    if (exp == null || !exp.isNumber()) {
      throw AuthException.unauthenticated("no_expiry", "the JWT has no expiry (exp)");
    }
    if (now > exp.asLong() + s.leewaySeconds()) {
      throw AuthException.unauthenticated("expired", "the JWT expired at " + java.time.Instant.ofEpochSecond(exp.asLong()));
    }
    JsonNode nbf = c.get("nbf");
    if (nbf != null && nbf.isNumber() && now + s.leewaySeconds() < nbf.asLong()) {
      throw AuthException.unauthenticated("not_yet_valid", "the JWT is not valid before "
          + java.time.Instant.ofEpochSecond(nbf.asLong()));
    }
    Set<Permission> perms = permissions(c.get(s.permissionsClaim()));
    JsonNode tenant = c.get(s.tenantClaim());
    String sub = c.path("sub").asText("(no sub)");
    return new Principal("jwt " + sub, tenant == null || !tenant.isValueNode() ? null : tenant.asText(), perms,
        exp.asLong() * 1000 + s.leewaySeconds() * 1000);
  }

  private boolean audience(JsonNode aud) {
    if (aud == null) {
      return false;
    }
    if (aud.isArray()) {
      for (JsonNode a : aud) {
        if (s.audience().equals(a.asText())) {
          return true;
        }
      }
      return false;
    }
    return s.audience().equals(aud.asText());
  }

  private Set<Permission> permissions(JsonNode claim) {
    Set<Permission> out = EnumSet.noneOf(Permission.class);
    List<String> words = new ArrayList<>();
    if (claim != null && claim.isArray()) {
      claim.forEach(w -> words.add(w.asText()));
    } else if (claim != null && claim.isTextual()) {
      words.addAll(List.of(claim.asText().trim().split("\\s+")));
    }
    for (String w : words) {
      if (w.startsWith(s.prefix())) {
        Permission p = Permission.of(w.substring(s.prefix().length()));
        if (p != null) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static String quoted(String s) {
    return s == null ? "(none)" : "'" + s + "'";
  }
}
