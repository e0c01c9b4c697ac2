package io.weft.storage.tenant;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A tenant's Cassandra keyspace: {@code <cassandra.keyspace>_<tenant>}. CQL names are case-insensitive,
 * at most 48 characters, of letters, digits and '_': a tenant name that is not already lower case
 * letters, digits and '_' (say {@code Team-A}), or that must be cut to fit, also gets 8 hex digits of its
 * CRC-32, so two tenants never share a keyspace.
 */
public final class TenantKeyspaces {
  static final int MAX = 48;

  private TenantKeyspaces() {}

  public static String of(String baseKeyspace, String tenant) {
    String plain = tenant.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String name = baseKeyspace + "_" + plain;
    if (plain.equals(tenant) && name.length() <= MAX) {
      return name;
    }
    CRC32 crc = new CRC32();
    crc.update(tenant.getBytes(StandardCharsets.UTF_8));
    String suffix = String.format("_%08x", crc.getValue());
    return name.substring(0, Math.min(name.length(), MAX - suffix.length())) + suffix;
  }
}
