package io.weft.tenant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place a request's tenant is decided, for every receiver and every API: the configured header
 * ({@code tenancy.header}, default {@code x-tenant}), else Tempo's {@code X-Scope-OrgID}, else
 * {@code tenancy.default}; then checked against the allowed list. Authentication, when it knows the
 * caller's tenant from a token, passes it to {@link #resolve(String, MultiMap)}: the token's tenant wins,
 * and a header naming another one is refused. Without tenancy every request is {@link TenancySettings#IMPLICIT}.
 */
public final class TenantResolver {
  public static final String TEMPO_HEADER = "x-scope-orgid";
  /**
   * The header the authentication gate (io.weft.auth.AuthGate) sets to the tenant of the caller's token,
   * after removing it from what the client sent: a token's tenant, which wins over any header.
   */
  public static final String TOKEN_TENANT_HEADER = "weft-auth-tenant";

  private final TenancySettings settings;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  public TenantResolver(TenancySettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  public static TenantResolver disabled() {
    return new TenantResolver(TenancySettings.disabled(), null);
  }

  public boolean enabled() {
    return settings.enabled();
  }

  public TenancySettings settings() {
    return settings;
  }

  /**
   * The tenant of a request with these headers (HTTP headers or gRPC metadata), its token's when the
   * authentication gate put one in {@link #TOKEN_TENANT_HEADER}.
   */
  public String resolve(MultiMap headers) {
    return resolve(headers == null ? null : headers.get(TOKEN_TENANT_HEADER), headers);
  }

  /**
   * As {@link #resolve(MultiMap)}, but a request that names no tenant (no token's, no header) is
   * {@code fallback}'s (an agent's {@code agent.tenant}; empty: the default tenant): what SDKs polling the
   * agent's sampling ports, which cannot set headers, are.
   */
  public String resolveOr(MultiMap headers, String fallback) {
    if (!settings.enabled()) {
      return TenancySettings.IMPLICIT;
    }
    boolean named = headers != null && (headers.get(TOKEN_TENANT_HEADER) != null
        || !blank(headers.get(settings.header())) || !blank(headers.get(TEMPO_HEADER)));
    return named ? resolve(headers) : check(fallback);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** An event-bus request's tenant: its token's (the bridge's gate sets it), else the one it names. */
  public String resolveNamed(String tokenTenant, String named) {
    if (!settings.enabled()) {
      return TenancySettings.IMPLICIT;
    }
    if (tokenTenant != null && named != null && !named.isEmpty() && !named.equals(tokenTenant)) {
      throw refuse(403, "the token's tenant is '" + tokenTenant + "', not '" + named + "'");
    }
    return check(tokenTenant != null ? tokenTenant : named);
  }

  /**
   * The tenant of a request whose caller a token already tied to {@code tokenTenant} (null: no token
   * says). A header may repeat the token's tenant but not name another.
   */
  public String resolve(String tokenTenant, MultiMap headers) {
    if (!settings.enabled()) {
      return TenancySettings.IMPLICIT;
    }
    String named = headers == null ? null : headers.get(settings.header());
    if (named == null && headers != null) {
      named = headers.get(TEMPO_HEADER);
    }
    if (named != null) {
      named = named.trim();
    }
    if (tokenTenant != null) {
      if (named != null && !named.isEmpty() && !named.equals(tokenTenant)) {
        throw refuse(403, "the token's tenant is '" + tokenTenant + "', not '" + named + "'");
      }
      return check(tokenTenant);
    }
    return check(named);
  }

  /**
   * Checks a tenant named by other means (an agent's {@code agent.tenant}, a Kafka record header); null
   * or empty means the default tenant, refused when there is none.
   */
  public String check(String tenant) {
    if (!settings.enabled()) {
      return TenancySettings.IMPLICIT;
    }
    if (tenant == null || tenant.isEmpty()) {
      if (settings.defaultTenant().isEmpty()) {
        throw refuse(401, "no tenant: send the " + settings.header() + " header (or X-Scope-OrgID)");
      }
      tenant = settings.defaultTenant();
    }
    if (!TenancySettings.NAME.matcher(tenant).matches()) {
      throw refuse(400, "'" + printable(tenant) + "' is not a tenant name (letters, digits, _ and -, up to 64)");
    }
    if (!settings.allowed().isEmpty()) {
      if (!settings.allowed().contains(tenant)) {
        throw refuse(403, "tenant '" + tenant + "' is not allowed here");
      }
    } else if (!known.contains(tenant)) {
      synchronized (known) {
        if (known.size() >= settings.maxTenants() && !known.contains(tenant)) {
          throw refuse(403, "tenant '" + tenant + "' refused: this node serves " + settings.maxTenants()
              + " tenants already (tenancy.max-tenants)");
        }
        known.add(tenant);
      }
    }
    return tenant;
  }

  private TenantRefusedException refuse(int status, String message) {
    TenantRefusedException e = new TenantRefusedException(status, message);
    if (registry != null) {
      refused.computeIfAbsent(e.reason(), r -> Counter.builder("weft_tenant_refused")
          .description("requests and batches refused for their tenant (missing, malformed, not allowed)")
          .tag("reason", r).register(registry)).increment();
    }
    return e;
  }

  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
