package io.weft.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.testing.TestJwts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT checks with keys generated here and a JWKS document as a provider writes it. */
class JwtRulesTest {
  static final String ISS = "https://idp.example/realms/weft";
  static final String AUD = "weft";
  static TestJwts.Key rsa;
  static TestJwts.Key ec;
  static TestJwts.Key stranger;
  static List<Jwk> keys;
  final JwtRules rules = new JwtRules(new OidcSettings("http://x/jwks", ISS, AUD, "tenant", "scope", "weft:", 0, 60));
  final long now = System.currentTimeMillis();

  @BeforeAll
  static void keys() throws Exception {
    rsa = TestJwts.Key.rsa("rsa-1");
    ec = TestJwts.Key.ec("ec-1");
    stranger = TestJwts.Key.rsa("rsa-1"); // same kid, another key
    JsonObject enc = new JsonObject().put("kty", "RSA").put("use", "enc").put("kid", "enc-1")
        .put("n", rsa.jwk().getString("n")).put("e", "AQAB");
    keys = Jwk.parseSet(new JsonObject().put("keys", new JsonArray().add(rsa.jwk()).add(ec.jwk()).add(enc)
        .add(new JsonObject().put("kty", "oct").put("k", "c2VjcmV0"))).encode());
  }

  Principal check(String token) {
    return rules.check(Jwt.parse(token), keys, now);
  }

  static JsonObject claims(Map<String, Object> extra) {
    return TestJwts.claims(ISS, AUD, extra);
  }

  @Test
  void theJwksGivesItsSigningKeysOnly() {
    assertEquals(List.of("rsa-1", "ec-1"), keys.stream().map(Jwk::kid).toList());
  }

  @Test
  void rs256AndEs256TokensCheckOut() throws Exception {
    Principal p = check(rsa.sign(claims(Map.of("scope", "openid weft:read weft:write", "tenant", "team-a"))));
    assertEquals(Set.of(Permission.READ, Permission.WRITE), p.permissions());
    assertEquals("team-a", p.tenant());
    assertEquals("jwt user-1", p.name());
    Principal e = check(ec.sign(claims(Map.of("scope", new JsonArray().add("weft:admin"),
        "aud", new JsonArray().add("other").add(AUD)))));
    assertEquals(Set.of(Permission.ADMIN), e.permissions());
    assertNull(e.tenant());
    assertEquals(Set.of(), check(rsa.sign(claims(Map.of("scope", "read write")))).permissions(),
        "words without the prefix are someone else's scopes");
  }

  @Test
  void eachRefusalNamesItsClaim() throws Exception {
    assertRefused("bad_signature", stranger.sign(claims(Map.of())));
    assertRefused("wrong_issuer", rsa.sign(TestJwts.claims("https://evil.example", AUD, Map.of())));
    assertRefused("wrong_audience", rsa.sign(TestJwts.claims(ISS, "grafana", Map.of())));
    long s = now / 1000;
    assertRefused("expired", rsa.sign(claims(Map.of("exp", s - 61))));
    check(rsa.sign(claims(Map.of("exp", s - 30)))); // within the leeway
    assertRefused("not_yet_valid", rsa.sign(claims(Map.of("nbf", s + 120))));
    JsonObject noExp = claims(Map.of());
    noExp.remove("exp");
    assertRefused("no_expiry", rsa.sign(noExp));
    assertThrows(JwtRules.UnknownKey.class, () -> check(TestJwts.Key.rsa("rsa-9").sign(claims(Map.of()))));
  }

  @Test
  void algorithmsOtherThanRs256AndEs256AreRefusedBeforeAnyKey() throws Exception {
    String body = b64(claims(Map.of()).encode());
    AuthException none = assertThrows(AuthException.class, () -> Jwt.parse(b64("{\"alg\":\"none\"}") + "." + body + "."));
    assertEquals("bad_algorithm", none.reason());
    // HS256 "signed" with the RSA public key, the classic confusion: refused by its alg alone.
    AuthException hs = assertThrows(AuthException.class, () -> Jwt.parse(b64("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}")
        + "." + body + ".AAAA"));
    assertEquals("the JWT is signed with 'HS256'; Weft accepts RS256 and ES256", hs.getMessage());
    // An ES256 header on an RSA-signed token finds no EC key with that kid.
    String rs = rsa.sign(claims(Map.of()));
    String forged = b64("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}") + rs.substring(rs.indexOf('.'));
    assertThrows(JwtRules.UnknownKey.class, () -> check(forged));
    assertEquals("malformed", assertThrows(AuthException.class, () -> Jwt.parse("eyJ.x.y")).reason());
    assertTrue(Jwt.looksLikeJwt(rs));
  }

  private void assertRefused(String reason, String token) {
    AuthException e = assertThrows(AuthException.class, () -> check(token));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(AuthException.Kind.UNAUTHENTICATED, e.kind());
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
