package io.weft.spanmetrics;

/**
 * Waiting {@link Half}s by (trace id, one span id): the half's own id, or its parent's. Open
 * addressing with linear probing over the halves themselves (no key objects, no entries, nothing
 * hashed but three longs); deletion shifts the run back, so no tombstones accumulate. An ordered
 * table also keeps its halves in arrival order (the eldest first, for expiry and eviction) through
 * their links, as a LinkedHashMap would: a half put under a key already present takes the old one's
 * place in the order. Not thread-safe: {@link EdgePairer} guards it.
 */
final class HalfTable {
  private static final int MIN_CAPACITY = 64;

  private final boolean byParent;
  private final boolean ordered;
  private Half[] slots = new Half[MIN_CAPACITY];
  /** Each slot's hash, so a probe reads a half only when the hash matches (a half is a cache miss away). */
  private int[] hashes = new int[MIN_CAPACITY];
  private int size;
  private Half head;
  private Half tail;

  /** {@code byParent}: keyed by the half's parent id, else by its own; {@code ordered}: keeps arrival order. */
  HalfTable(boolean byParent, boolean ordered) {
    this.byParent = byParent;
    this.ordered = ordered;
  }

  int size() {
    return size;
  }

  /** The eldest half (ordered tables only), or null. */
  Half eldest() {
    return head;
  }

  Half get(long high, long low, long id) {
    int i = find(high, low, id);
    return i < 0 ? null : slots[i];
  }

  /** The slot of the half under the key, or -1. */
  private int find(long high, long low, long id) {
    Half[] s = slots;
    int[] hs = hashes;
    int mask = s.length - 1;
    int hash = home(high, low, id);
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Half h = s[i];
      if (h == null) {
        return -1;
      }
      if (hs[i] == hash && matches(h, high, low, id)) {
        return i;
      }
    }
  }

  /** Removes and returns the half under the key, or null. */
  Half remove(long high, long low, long id) {
    int i = find(high, low, id);
    if (i < 0) {
      return null;
    }
    Half h = slots[i];
    deleteAt(i);
    unlink(h);
    return h;
  }

  /** Removes {@code h} itself if it is here (not another half under its key). */
  void removeExactly(Half h) {
    Half[] s = slots;
    int mask = s.length - 1;
    int hash = home(h.traceHigh, h.traceLow, key(h));
    for (int i = hash & mask; s[i] != null; i = (i + 1) & mask) {
      if (s[i] == h) {
        deleteAt(i);
        unlink(h);
        return;
      }
    }
  }

  /** Puts {@code h} under its key; returns the half it replaced (whose place in the order it took), or null. */
  Half put(Half h) {
    if ((size + 1) * 2 > slots.length) {
      grow();
    }
    Half[] s = slots;
    int[] hs = hashes;
    int mask = s.length - 1;
    long id = key(h);
    int hash = home(h.traceHigh, h.traceLow, id);
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Half old = s[i];
      if (old == null) {
        s[i] = h;
        hs[i] = hash;
        size++;
        append(h);
        return null;
      }
      if (hs[i] == hash && matches(old, h.traceHigh, h.traceLow, id)) {
        s[i] = h;
        replaceInOrder(old, h);
        return old;
      }
    }
  }

  private long key(Half h) {
    return byParent ? h.parentId : h.spanId;
  }

  private boolean matches(Half h, long high, long low, long id) {
    return key(h) == id && h.traceLow == low && h.traceHigh == high;
  }

  private static int home(long high, long low, long id) {
    long x = (low ^ Long.rotateLeft(high, 17) ^ Long.rotateLeft(id, 41)) * 0x9E3779B97F4A7C15L;
    return (int) (x ^ (x >>> 29) ^ (x >>> 47));
  }

  /** Empties slot {@code i}, moving later halves of its run back so every half stays reachable from its home. */
  private void deleteAt(int i) {
    Half[] s = slots;
    int[] hs = hashes;
    int mask = s.length - 1;
    int hole = i;
    for (int j = (i + 1) & mask; s[j] != null; j = (j + 1) & mask) {
      int want = hs[j] & mask;
      // s[j] may fill the hole unless its home lies cyclically in (hole, j].
      boolean stays = hole <= j ? hole < want && want <= j : hole < want || want <= j;
      if (!stays) {
        s[hole] = s[j];
        hs[hole] = hs[j];
        hole = j;
      }
    }
    s[hole] = null;
    size--;
  }

  private void grow() {
    Half[] old = slots;
    int[] oldHashes = hashes;
    slots = new Half[old.length * 2];
    hashes = new int[old.length * 2];
    int mask = slots.length - 1;
    for (int j = 0; j < old.length; j++) {
      if (old[j] != null) {
        int i = oldHashes[j] & mask;
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = old[j];
        hashes[i] = oldHashes[j];
      }
    }
  }

  private void append(Half h) {
    if (!ordered) {
      return;
    }
    h.prev = tail;
    h.next = null;
    if (tail == null) {
      head = h;
    } else {
      tail.next = h;
    }
    tail = h;
  }

  private void unlink(Half h) {
    if (!ordered) {
      return;
    }
    if (h.prev == null) {
      head = h.next;
    } else {
      h.prev.next = h.next;
    }
    if (h.next == null) {
      tail = h.prev;
    } else {
      h.next.prev = h.prev;
    }
    h.prev = null;
    h.next = null;
  }

  private void replaceInOrder(Half old, Half h) {
    if (!ordered) {
      return;
    }
    h.prev = old.prev;
    h.next = old.next;
    if (h.prev == null) {
      head = h;
    } else {
      h.prev.next = h;
    }
    if (h.next == null) {
      tail = h;
    } else {
      h.next.prev = h;
    }
    old.prev = null;
    old.next = null;
  }
}
