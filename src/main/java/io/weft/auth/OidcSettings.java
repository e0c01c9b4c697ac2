package io.weft.auth;

/**
 * JWT validation as configured: keys from {@code jwksUrl} (re-fetched every {@code refreshMs}, and when a
 * token names a key not yet known), tokens that {@code issuer} issued for {@code audience}, the tenant in
 * claim {@code tenantClaim}, the permissions in claim {@code permissionsClaim} (a space-separated string
 * like OAuth's {@code scope}, or an array) as {@code prefix} + write/read/admin. {@link #enabled()} when a
 * JWKS URL is given.
 */
public record OidcSettings(String jwksUrl, String issuer, String audience, String tenantClaim,
    String permissionsClaim, String prefix, long refreshMs, long leewaySeconds) {

  public static final OidcSettings NONE = new OidcSettings("", "", "", "tenant", "scope", "weft:", 600_000, 60);

  public boolean enabled() {
    return !jwksUrl.isEmpty();
  }
}
