package io.weft.storage.cold;

/**
 * Where the cold tier's objects live under the prefix:
 * <pre>
 * blocks/ID/data             the block (pages, Bloom filter, index, columns, links)
 * blocks/ID/meta.json        written after the data: the block exists once this does
 * blocks/ID/compacted.json   written when a compaction replaced the block: readers skip it, retention deletes it
 * handoff.json               how far the handoff has come: every trace starting before "until" is in blocks
 * </pre>
 */
final class ColdKeys {
  static final String DATA = "data";
  static final String META = "meta.json";
  static final String COMPACTED = "compacted.json";

  private final String prefix;

  ColdKeys(String prefix) {
    this.prefix = prefix;
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
