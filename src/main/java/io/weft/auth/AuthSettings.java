package io.weft.auth;

import io.weft.config.ConfigException;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import io.weft.net.ListenerGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Authentication as configured: a tokens file, OIDC (a JWKS URL), or both; {@link #enabled()} when
 * either is set, and then the listener groups of {@code listeners} ask every request for a token.
 */
public record AuthSettings(String tokensFile, long tokensReloadMs, OidcSettings oidc, String jwksCa,
    Set<ListenerGroup> listeners) {

  public static final AuthSettings NONE = new AuthSettings("", 0, OidcSettings.NONE, "", Set.of());

  public static AuthSettings from(WeftConfig c) {
    String file = c.get(Options.AUTH_TOKENS_FILE).trim();
    if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
      throw new ConfigException(Options.AUTH_TOKENS_FILE.name() + ": cannot read " + file);
    }
    String url = c.get(Options.AUTH_OIDC_JWKS_URL).trim();
    String issuer = c.get(Options.AUTH_OIDC_ISSUER).trim();
    String audience = c.get(Options.AUTH_OIDC_AUDIENCE).trim();
    if (!url.isEmpty()) {
      if (!url.startsWith("https://") && !url.startsWith("http://")) {
        throw new ConfigException(Options.AUTH_OIDC_JWKS_URL.name() + " must be an http(s) URL, got '" + url + "'");
      }
      if (issuer.isEmpty() || audience.isEmpty()) {
        throw new ConfigException(Options.AUTH_OIDC_JWKS_URL.name() + " needs " + Options.AUTH_OIDC_ISSUER.name()
            + " and " + Options.AUTH_OIDC_AUDIENCE.name() + " (tokens of any issuer or audience are not accepted)");
      }
    }
    String ca = c.get(Options.AUTH_OIDC_JWKS_CA).trim();
    if (!ca.isEmpty() && !Files.isReadable(Path.of(ca))) {
      throw new ConfigException(Options.AUTH_OIDC_JWKS_CA.name() + ": cannot read " + ca);
    }
    OidcSettings oidc = new OidcSettings(url, issuer, audience, c.get(Options.AUTH_OIDC_TENANT_CLAIM).trim(),
        c.get(Options.AUTH_OIDC_PERMISSIONS_CLAIM).trim(), c.get(Options.AUTH_OIDC_PERMISSION_PREFIX).trim(),
        c.getMicros(Options.AUTH_OIDC_JWKS_REFRESH) / 1000, c.getMicros(Options.AUTH_OIDC_CLOCK_SKEW) / 1_000_000);
    return new AuthSettings(file, c.getMicros(Options.AUTH_TOKENS_RELOAD) / 1000, oidc, ca,
        ListenerGroup.parseList(Options.AUTH_LISTENERS.name(), c.get(Options.AUTH_LISTENERS)));
  }

  public boolean enabled() {
    return !tokensFile.isEmpty() || oidc.enabled();
  }

  /** This group's listeners ask for a token. */
  public boolean on(ListenerGroup g) {
    return enabled() && listeners.contains(g);
  }
}
