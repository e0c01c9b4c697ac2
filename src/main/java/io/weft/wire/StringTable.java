package io.weft.wire;

/**
 * The string table of one message being encoded: each distinct string's number, in the order the
 * strings were first written. Open addressing over the strings' (cached) hash codes, ids as ints:
 * no boxed Integer and no map node per string, and a string met again as the same instance (decoders
 * share one instance per name) matches by identity before any comparison of characters. Reusable
 * across messages with {@link #clear()}. Not thread-safe.
 */
final class StringTable {
  private String[] keys;
  private int[] hashes;
  private int[] ids;
  /** The slots in use, so clearing touches only them. */
  private int[] used;
  private int size;

  StringTable(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new String[cap];
    hashes = new int[cap];
    ids = new int[cap];
    used = new int[cap / 2 + 1];
  }

  int size() {
    return size;
  }

  /** Forgets every string; the next one added is number 0 again. */
  void clear() {
    for (int j = 0; j < size; j++) {
      keys[used[j]] = null;
    }
    size = 0;
  }

  /**
   * The number of {@code s} if it is in the table; otherwise adds it as number {@link #size()} (before
   * the call) and returns -1.
   */
  int idOrAdd(String s) {
    int h = s.hashCode();
    int mask = keys.length - 1;
    int i = spread(h) & mask;
    for (String k; (k = keys[i]) != null; i = (i + 1) & mask) {
      if (k == s || (hashes[i] == h && k.equals(s))) {
        return ids[i];
      }
    }
    keys[i] = s;
    hashes[i] = h;
    ids[i] = size;
    used[size++] = i;
    if (size * 2 > keys.length) {
      grow();
    }
    return -1;
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldHashes = hashes;
    int[] oldIds = ids;
    int cap = oldKeys.length * 2;
    keys = new String[cap];
    hashes = new int[cap];
    ids = new int[cap];
    used = new int[cap / 2 + 1];
    int mask = cap - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        int i = spread(oldHashes[j]) & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        hashes[i] = oldHashes[j];
        ids[i] = oldIds[j];
        used[oldIds[j]] = i;
      }
    }
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
