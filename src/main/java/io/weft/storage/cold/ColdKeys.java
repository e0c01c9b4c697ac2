package io.weft.storage.cold;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Where the cold tier's objects live under the prefix:
 * <pre>
 * blocks/ID/data             the block (pages, Bloom filter, index, columns, links)
 * blocks/ID/meta.json        written after the data: the block exists once this does
 * blocks/ID/compacted.json   written when a compaction replaced the block: readers skip it, retention deletes it
 * handoff.json               how far the handoff has come: every trace starting before "until" is in blocks
 * </pre>
 * Under tenancy each tenant has this layout of its own under {@link #tenantPrefix}.
 */
final class ColdKeys {
  static final String DATA = "data";
  static final String META = "meta.json";
  static final String COMPACTED = "compacted.json";

  private final String prefix;

  ColdKeys(String prefix) {
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  String blocks() {
    return prefix + "blocks/";
  }

  String data(String id) {
    return blocks() + id + "/" + DATA;
  }

  String meta(String id) {
    return blocks() + id + "/" + META;
  }

  String compacted(String id) {
    return blocks() + id + "/" + COMPACTED;
  }

  String handoff() {
    return prefix + "handoff.json";
  }

  /**
   * A tenant's prefix: {@code <prefix>tenants/<tenant>/}. The name is kept when it is lower-case letters,
   * digits, {@code _} and {@code -}; any other character is written as {@code %XX} (UTF-8), and a name so
   * changed, or not lower case, also gets 8 hex digits of its CRC-32 ({@code Team_B} becomes
   * {@code team_b-1a2b3c4d}), so no two tenants share objects even on a case-insensitive folder.
   */
  static String tenantPrefix(String prefix, String tenant) {
    StringBuilder safe = new StringBuilder();
    for (byte b : tenant.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
        safe.append(c);
      } else {
        safe.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    if (!safe.toString().equals(tenant) || tenant.isEmpty()) {
      CRC32 crc = new CRC32();
      crc.update(tenant.getBytes(StandardCharsets.UTF_8));
      safe.append(String.format("-%08x", crc.getValue()));
    }
    return prefix + "tenants/" + safe + "/";
  }

  /** The block id of a key under {@link #blocks()}, or null. */
  String blockOf(String key) {
    if (!key.startsWith(blocks())) {
      return null;
    }
    int slash = key.indexOf('/', blocks().length());
    return slash < 0 ? null : key.substring(blocks().length(), slash);
  }

  /** The file name of a block's key (data, meta.json, compacted.json). */
  static String fileOf(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
