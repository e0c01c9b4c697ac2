package io.weft.auth;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bearer token → {@link Principal}: a token of the tokens file, else (when OIDC is configured) a JWT
 * checked against the JWKS. A JWT that checked out is remembered until it expires, so a client
 * sending the same token on every request pays for its signature once; that first check (an ES256
 * verification takes a millisecond or more) runs through {@code offload}, a worker thread, never on
 * the event loop. The future is already complete for a file token and a remembered JWT.
 */
final class Authenticator {
  static final int MAX_CACHED = 10_000;

  private final TokenStore tokens;
  private final JwksKeys jwks;
  private final JwtRules rules;
  private final LongSupplier clock;
  private final Function<Callable<Principal>, Future<Principal>> offload;
  private final Map<String, Principal> verified = new ConcurrentHashMap<>();

  Authenticator(TokenStore tokens, JwksKeys jwks, JwtRules rules, LongSupplier clock,
      Function<Callable<Principal>, Future<Principal>> offload) {
    this.tokens = tokens;
    this.jwks = jwks;
    this.rules = rules;
    this.clock = clock;
    this.offload = offload;
  }

  /** Runs the check where it is called (tests, benchmarks). */
  static Future<Principal> inline(Callable<Principal> check) {
    try {
      return Future.succeededFuture(check.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /** {@code authorization}: the header's value (null when absent). Fails with an {@link AuthException}. */
  Future<Principal> authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return refuse("no_token", "a bearer token is required (Authorization: Bearer <token>)");
    }
    String a = authorization.trim();
    if (a.length() < 7 || !a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return refuse("bad_scheme", "the Authorization header must be 'Bearer <token>'");
    }
    String token = a.substring(7).trim();
    Principal p = tokens.tokens().find(token);
    if (p != null) {
      return Future.succeededFuture(p);
    }
    if (jwks == null || !Jwt.looksLikeJwt(token)) {
      return refuse("unknown_token", "the bearer token is not known");
    }
    long now = clock.getAsLong();
    Principal cached = verified.get(token);
    if (cached != null) {
      if (now <= cached.expiresAtMs()) {
        return Future.succeededFuture(cached);
      }
      verified.remove(token);
    }
    Jwt jwt;
    try {
      jwt = Jwt.parse(token);
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
    List<Jwk> keys = jwks.current();
    Future<Principal> first = keys == null ? Future.failedFuture(new JwtRules.UnknownKey())
        : offload.apply(() -> remember(token, rules.check(jwt, keys, now)));
    return first.recover(err -> {
      if (!(err instanceof JwtRules.UnknownKey)) {
        return Future.failedFuture(err);
      }
      // The provider may have rotated its keys (or none were fetched yet).
      return jwks.refetchForUnknownKey().compose(fresh -> {
        if (fresh == null) {
          return Future.failedFuture(new AuthException(AuthException.Kind.UNAVAILABLE, "jwks_unavailable",
              "the identity provider's keys cannot be fetched (" + jwks.lastError() + "); retry later"));
        }
        return offload.apply(() -> remember(token, rules.check(jwt, fresh, clock.getAsLong())))
            .recover(again -> Future.failedFuture(again instanceof JwtRules.UnknownKey
                ? AuthException.unauthenticated("unknown_key", "the JWT's signing key"
                    + (jwt.kid() == null ? "" : " '" + jwt.kid() + "'") + " is not in the JWKS")
                : again));
      });
    });
  }

  private Principal remember(String token, Principal p) {
    if (verified.size() >= MAX_CACHED) {
      verified.clear(); // many distinct tokens: start over rather than grow
    }
    verified.put(token, p);
    return p;
  }

  private static Future<Principal> refuse(String reason, String message) {
    return Future.failedFuture(AuthException.unauthenticated(reason, message));
  }
}
