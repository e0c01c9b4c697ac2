package io.weft.storage.cassandra;

import java.util.List;

/**
 * Which tags go into {@code tag_index}. A key is indexed when the allow list is empty or names it,
 * and the deny list does not; entries ending in {@code *} match by prefix. Values longer than
 * {@code maxValueLength} are never indexed: they would make wide, useless partition keys (stack
 * traces, SQL). Like Jaeger's {@code --cassandra.index.tags / .process-tags / .logs}, each of the
 * three places a tag can sit (the span's own tags, its process's, its log fields) can be left out
 * of the index as a whole. A search on a tag that is not indexed still works: the other conditions
 * find the candidate traces and every tag is checked on the spans themselves.
 */
public record TagIndexPolicy(List<String> allow, List<String> deny, int maxValueLength, boolean spanTags,
    boolean processTags, boolean logs) {
  /** Keys are short in practice; a huge one is a mistake and not worth a partition. */
  private static final int MAX_KEY_LENGTH = 256;

  public TagIndexPolicy {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  public TagIndexPolicy(List<String> allow, List<String> deny, int maxValueLength) {
    this(allow, deny, maxValueLength, true, true, true);
  }

  public static TagIndexPolicy all() {
    return new TagIndexPolicy(List.of(), List.of(), Integer.MAX_VALUE);
  }

  /** Whether a tag with this key and value gets index rows (where its kind is indexed at all). */
  public boolean indexes(String key, String value) {
    return indexesKey(key) && indexesValue(value);
  }

  /** The half of {@link #indexes} that depends on the key alone (a writer asks it once per key). */
  public boolean indexesKey(String key) {
    return key != null && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH
        && (allow.isEmpty() || matchesAny(allow, key)) && !matchesAny(deny, key);
  }

  /** The half of {@link #indexes} that depends on the value alone. */
  public boolean indexesValue(String value) {
    return value != null && value.length() <= maxValueLength;
  }

  /**
   * {@link #indexesKey} remembered per key, for one write: a write of hundreds of spans carries a few
   * tens of keys, each checked against the allow and deny lists once instead of once per tag. Not
   * thread-safe.
   */
  public KeyMemo memo() {
    return new KeyMemo(this);
  }

  /** See {@link #memo}. */
  public static final class KeyMemo {
    private final TagIndexPolicy policy;
    private final java.util.HashMap<String, Boolean> keys = new java.util.HashMap<>();

    private KeyMemo(TagIndexPolicy policy) {
      this.policy = policy;
    }

    public boolean indexesKey(String key) {
      if (key == null) {
        return false;
      }
      Boolean known = keys.get(key);
      if (known == null) {
        known = policy.indexesKey(key);
        keys.put(key, known);
      }
      return known;
    }
  }

  /**
   * Whether a search may read the tag index for this tag: only when every span carrying it, in
   * any of the three places a search looks, has its row (else the index would miss some).
   */
  public boolean searchable(String key, String value) {
    return spanTags && processTags && logs && indexes(key, value);
  }

  private static boolean matchesAny(List<String> patterns, String key) {
    for (String p : patterns) {
      if (p.endsWith("*") ? key.startsWith(p.substring(0, p.length() - 1)) : p.equals(key)) {
        return true;
      }
    }
    return false;
  }
}
