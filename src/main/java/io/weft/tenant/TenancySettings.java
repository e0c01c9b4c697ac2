package io.weft.tenant;

import io.weft.config.ConfigException;
import io.weft.config.Durations;
import io.weft.config.Options;
import io.weft.config.WeftConfig;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code tenancy.*} options, checked at start. Off (the default), Weft has one implicit tenant,
 * {@link #IMPLICIT}, stored exactly where and how it was before tenancy existed.
 */
public record TenancySettings(boolean enabled, String header, Set<String> allowed, String defaultTenant,
    int maxTenants, TenantLimits limits, Map<String, TenantLimits> overrides) {

  /** The one tenant of a node without tenancy (Tempo names its single tenant the same way). */
  public static final String IMPLICIT = "single-tenant";
  /** Tenant names: what is safe in a header, a metric label, an event-bus address and (mapped) a CQL name. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  static final List<String> OVERRIDE_KEYS = List.of("spans-per-second", "bytes-per-second", "max-spans-per-trace", "ttl",
      "max-metric-series");

  public static TenancySettings disabled() {
    return new TenancySettings(false, "x-tenant", Set.of(), IMPLICIT, 1, TenantLimits.NONE, Map.of());
  }

  public static TenancySettings from(WeftConfig c) {
    if (!Boolean.parseBoolean(c.get(Options.TENANCY_ENABLED).trim())) {
      return disabled();
    }
    String header = c.get(Options.TENANCY_HEADER).trim().toLowerCase(Locale.ROOT);
    if (!header.matches("[a-z0-9-]+")) {
      throw new ConfigException(Options.TENANCY_HEADER.name() + " must be a header name (letters, digits, -): '"
          + header + "'");
    }
    Set<String> allowed = new LinkedHashSet<>();
    for (String t : c.get(Options.TENANCY_TENANTS).split(",")) {
      if (!t.isBlank()) {
        allowed.add(checkName(t.trim(), Options.TENANCY_TENANTS.name()));
      }
    }
    String dflt = c.get(Options.TENANCY_DEFAULT).trim();
    if (!dflt.isEmpty()) {
      checkName(dflt, Options.TENANCY_DEFAULT.name());
      if (!allowed.isEmpty() && !allowed.contains(dflt)) {
        throw new ConfigException(Options.TENANCY_DEFAULT.name() + " '" + dflt + "' is not in "
            + Options.TENANCY_TENANTS.name());
      }
    }
    int max = c.getInt(Options.TENANCY_MAX_TENANTS);
    if (max < 1) {
      throw new ConfigException(Options.TENANCY_MAX_TENANTS.name() + " must be at least 1");
    }
    TenantLimits limits = new TenantLimits(nonNegative(c.getLong(Options.TENANCY_SPANS_PER_SECOND),
        Options.TENANCY_SPANS_PER_SECOND.name()), nonNegative(c.getLong(Options.TENANCY_BYTES_PER_SECOND),
        Options.TENANCY_BYTES_PER_SECOND.name()), (int) nonNegative(c.getInt(Options.TENANCY_MAX_SPANS_PER_TRACE),
        Options.TENANCY_MAX_SPANS_PER_TRACE.name()), 0, (int) nonNegative(c.getInt(Options.TENANCY_MAX_METRIC_SERIES),
        Options.TENANCY_MAX_METRIC_SERIES.name()));
    return new TenancySettings(true, header, Set.copyOf(allowed), dflt, max, limits,
        overrides(c.get(Options.TENANCY_OVERRIDES), limits));
  }

  /** This tenant's limits: the defaults with its overrides. */
  public TenantLimits limitsOf(String tenant) {
    return overrides.getOrDefault(tenant, limits);
  }

  /** Whether per-tenant limits apply anywhere (so a node without them skips the bookkeeping). */
  public boolean anyIngestLimit() {
    return limits.spansPerSecond() > 0 || limits.bytesPerSecond() > 0 || limits.maxSpansPerTrace() > 0
        || overrides.values().stream().anyMatch(l -> l.spansPerSecond() > 0 || l.bytesPerSecond() > 0
            || l.maxSpansPerTrace() > 0);
  }

  private static Map<String, TenantLimits> overrides(String text, TenantLimits defaults) {
    Map<String, TenantLimits> out = new HashMap<>();
    for (String item : text.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      String name = Options.TENANCY_OVERRIDES.name();
      int eq = item.indexOf('=');
      int dot = eq < 0 ? -1 : item.lastIndexOf('.', eq);
      if (dot < 1) {
        throw new ConfigException(name + ": '" + item.trim() + "' is not tenant.key=value");
      }
      String tenant = checkName(item.substring(0, dot).trim(), name);
      String key = item.substring(dot + 1, eq).trim();
      String value = item.substring(eq + 1).trim();
      if (!OVERRIDE_KEYS.contains(key)) {
        throw new ConfigException(name + ": unknown key '" + key + "' (use one of " + OVERRIDE_KEYS + ")");
      }
      long v;
      try {
        v = key.equals("ttl") ? Durations.parseMicros(value) / 1_000_000 : Long.parseLong(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name + ": " + item.trim() + ": " + e.getMessage());
      }
      if (v < 0 || (key.equals("ttl") && v < 1) || v > Integer.MAX_VALUE && !key.endsWith("-per-second")) {
        throw new ConfigException(name + ": " + item.trim() + " must be " + (key.equals("ttl") ? "at least 1s"
            : "0 or more" + (key.endsWith("-per-second") ? "" : ", at most " + Integer.MAX_VALUE)));
      }
      out.put(tenant, out.getOrDefault(tenant, defaults).with(key, v));
    }
    return Map.copyOf(out);
  }

  private static long nonNegative(long v, String name) {
    if (v < 0) {
      throw new ConfigException(name + " must be 0 (no limit) or more");
    }
    return v;
  }

  private static String checkName(String t, String option) {
    if (!NAME.matcher(t).matches()) {
      throw new ConfigException(option + ": '" + t + "' is not a tenant name (letters, digits, _ and -, "
          + "up to 64, starting with a letter or digit)");
    }
    return t;
  }
}
