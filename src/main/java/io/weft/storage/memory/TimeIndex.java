package io.weft.storage.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NavigableMap;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Traces by start time, in coarse time buckets: a small sorted map from bucket number
 * ({@code floorDiv(start, width)}) to an append-only array of entries. A write appends to one
 * bucket, nearly always the newest (cached), so it costs a short lock and no ordered insert;
 * the order inside a bucket is established only by a search, which visits few buckets.
 *
 * <p>Each entry of this index is live in exactly one bucket, the one of its published
 * {@link TraceEntry#start()}. References stay behind when a trace is evicted or its start moves
 * to an earlier bucket; a bucket counts its live entries, drops those references when they
 * outnumber the live ones (so they cannot pile up, even when every trace lands in one bucket),
 * and leaves the map when it has none live.
 */
final class TimeIndex {
  /** Slots of the bucket cache; a power of two. */
  private static final int CACHE = 4;

  private final long width;
  private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();
  /**
   * The buckets last used, by bucket number modulo {@link #CACHE}: writes go to the newest
   * bucket or two, eviction to the oldest, so the map is rarely consulted. Racy by design: a
   * bucket's key is final, everything else is read under its lock, and a closed bucket found
   * here refuses the call and sends the caller to the map.
   */
  private final Bucket[] cache = new Bucket[CACHE];

  TimeIndex(long width) {
    this.width = width;
  }

  long bucketOf(long start) {
    return Math.floorDiv(start, width);
  }

  /** Adds the entry to bucket {@code key}, where it counts as live until {@link #release}. */
  void add(TraceEntry e, long key) {
    int slot = (int) key & (CACHE - 1);
    Bucket b = cache[slot];
    if (b == null || b.key != key || !b.add(e)) {
      while (true) {
        b = buckets.get(key);
        if (b == null) {
          b = buckets.computeIfAbsent(key, Bucket::new);
        }
        if (b.add(e)) {
          break;
        }
        // Closed: it left the map before unlocking, so the next look finds its successor.
      }
      cache[slot] = b;
    }
  }

  /**
   * The entry is no longer live in bucket {@code key} (evicted, or moved to an earlier bucket).
   * Each {@link #add} is released at most once, so the bucket cannot close before.
   */
  void release(long key) {
    int slot = (int) key & (CACHE - 1);
    Bucket b = cache[slot];
    if (b == null || b.key != key || !b.release()) {
      b = buckets.get(key);
      if (b == null || !b.release()) {
        throw new IllegalStateException("no live bucket " + key); // a bug: counts went wrong
      }
      cache[slot] = b;
    }
  }

  /** Buckets in the map, for tests. */
  int bucketCount() {
    return buckets.size();
  }

  /** References held in all buckets, live or not, for tests. */
  int referenceCount() {
    int n = 0;
    for (Bucket b : buckets.values()) {
      n += b.snapshot().length;
    }
    return n;
  }

  /**
   * Visits the live entries whose start lies within [min, max] and that pass the cheap
   * {@code worthVisiting} test, newest start first, ties by trace id, each once, until the visitor
   * returns false. Each bucket is put in order lazily (a heap of the entries that passed), so a
   * search that stops early pays little beyond one pass over the bucket, and one that filters out
   * most entries never orders them.
   */
  void visitNewestFirst(long min, long max, Predicate<TraceEntry> worthVisiting, Predicate<TraceEntry> visitor) {
    if (min > max) {
      return;
    }
    Set<TraceEntry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Bucket b : window(min, max).values()) {
      List<Candidate> found = new ArrayList<>();
      for (TraceEntry e : b.snapshot()) {
        long start = e.start();
        // Skip references left behind: evicted, or moved to another bucket (or not yet here).
        if (start >= min && start <= max && bucketOf(start) == b.key && !e.isEvicted()
            && !seen.contains(e) && worthVisiting.test(e)) {
          found.add(new Candidate(start, e));
        }
      }
      PriorityQueue<Candidate> order = new PriorityQueue<>(found); // heapified in linear time
      for (Candidate c = order.poll(); c != null; c = order.poll()) {
        // A trace moving to an earlier bucket meanwhile may show up there again.
        seen.add(c.entry);
        if (!visitor.test(c.entry)) {
          return; // every earlier bucket holds only earlier starts
        }
      }
    }
  }

  /** Visits each live entry whose start lies within [min, max] once, in no particular order. */
  void visit(long min, long max, Consumer<TraceEntry> visitor) {
    if (min > max) {
      return;
    }
    Set<TraceEntry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Bucket b : window(min, max).values()) {
      for (TraceEntry e : b.snapshot()) {
        long start = e.start();
        if (start >= min && start <= max && bucketOf(start) == b.key && !e.isEvicted() && seen.add(e)) {
          visitor.accept(e);
        }
      }
    }
  }

  /** The buckets that may hold starts within [min, max], newest first. */
  private NavigableMap<Long, Bucket> window(long min, long max) {
    return buckets.subMap(bucketOf(min), true, bucketOf(max), true).descendingMap();
  }

  private record Candidate(long start, TraceEntry entry) implements Comparable<Candidate> {
    @Override
    public int compareTo(Candidate o) {
      int c = Long.compare(o.start, start);
      return c != 0 ? c : entry.id.compareTo(o.entry.id);
    }
  }

  /**
   * One bucket: entries in arrival order, appended under its lock. Slots below {@code size} are
   * never rewritten (dropping references makes a new array), so a snapshot stays valid.
   */
  private final class Bucket {
    private static final TraceEntry[] NONE = new TraceEntry[0];
    private static final int MIN_CAPACITY = 4;

    final long key;
    private TraceEntry[] refs = new TraceEntry[MIN_CAPACITY];
    private int size;
    private int live;
    private boolean closed;

    Bucket(long key) {
      this.key = key;
    }

    /** False when the bucket has closed (no live entries left; it is out of the map). */
    synchronized boolean add(TraceEntry e) {
      if (closed) {
        return false;
      }
      if (size == refs.length) {
        // Drop left-behind references when they are at least half, else grow: amortized O(1).
        if (live <= size / 2) {
          compact(refs.length);
        }
        if (size == refs.length) {
          refs = Arrays.copyOf(refs, size + Math.max(MIN_CAPACITY, size >> 1));
        }
      }
      refs[size++] = e;
      live++;
      return true;
    }

    /** False when already closed (the caller held a stale bucket). */
    synchronized boolean release() {
      if (closed) {
        return false;
      }
      if (--live == 0) {
        closed = true;
        refs = NONE;
        size = 0;
        buckets.remove(key, this);
      } else if (size > MIN_CAPACITY && live < size / 2) {
        // More left-behind references than live ones: worth a copy, and at least size / 2
        // releases pay for the next one. Every bucket holds fewer dead references than live + 4.
        compact(Math.max(MIN_CAPACITY, live + (live >> 1)));
      }
      return true;
    }

    synchronized TraceEntry[] snapshot() {
      return Arrays.copyOf(refs, size);
    }

    /**
     * Keeps the references that may be live here into a new array of at least
     * {@code capacity}. An entry whose start lies in a later bucket is kept: it may be moving
     * here, appended before its start is published. Starts only move earlier.
     */
    private void compact(int capacity) {
      TraceEntry[] kept = new TraceEntry[Math.max(capacity, live)];
      int n = 0;
      for (int i = 0; i < size; i++) {
        TraceEntry e = refs[i];
        if (!e.isEvicted() && bucketOf(e.start()) >= key) {
          if (n == kept.length) {
            kept = Arrays.copyOf(kept, n + Math.max(MIN_CAPACITY, n >> 1));
          }
          kept[n++] = e;
        }
      }
      refs = kept;
      size = n;
    }
  }
}
