package io.weft.storage.tenant;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A tenant's OpenSearch/Elasticsearch index prefix: {@code <opensearch.index.prefix>-<tenant>} (or the
 * tenant alone without a prefix), so its indices are {@code team-a-weft-span-2026-12-04} and the like.
 * Index names are lower case: a tenant name that is not already lower case (say {@code Team-A}) also gets
 * 8 hex digits of its CRC-32, so {@code Team-A} and {@code team-a} never share indices.
 */
public final class TenantIndexPrefixes {
  private TenantIndexPrefixes() {}

  public static String of(String basePrefix, String tenant) {
    String lower = tenant.toLowerCase(Locale.ROOT);
    String name = basePrefix.isEmpty() ? lower : basePrefix + "-" + lower;
    if (lower.equals(tenant)) {
      return name;
    }
    CRC32 crc = new CRC32();
    crc.update(tenant.getBytes(StandardCharsets.UTF_8));
    return name + String.format("-%08x", crc.getValue());
  }
}
