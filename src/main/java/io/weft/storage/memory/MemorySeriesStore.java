package io.weft.storage.memory;

import io.vertx.core.Future;
import io.weft.spanmetrics.Cell;
import io.weft.spanmetrics.Delta;
import io.weft.spanmetrics.DeltaCodec;
import io.weft.spanmetrics.EdgeCell;
import io.weft.spanmetrics.EdgeKey;
import io.weft.spanmetrics.SeriesKey;
import io.weft.storage.SeriesStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Span metrics in memory: a ring of time buckets, oldest first out, bounded in bytes and in age.
 * A bucket keeps per service one encoded block of its series (sketches stay compact: about a
 * hundred bytes a series) and one block of service-graph edges; a delta is merged into the blocks
 * it touches. Deltas seen lately are remembered by id, so one handed over twice counts once.
 * Synchronous and thread-safe (one lock); its futures are already complete.
 */
public final class MemorySeriesStore implements SeriesStore {
  /** Rough overhead of a block beyond its bytes: map entry, array header, key. */
  private static final int ENTRY_OVERHEAD = 96;
  private static final int REMEMBERED_IDS = 100_000;

  private final long maxBytes;
  private final long retentionMs;
  private final LongSupplier clock;
  private final TreeMap<Long, Slot> slots = new TreeMap<>();
  private final LinkedHashSet<String> seen = new LinkedHashSet<>();
  private long bytes;
  /** Start of the newest bucket evicted: a delta for it or earlier would bring back a part only. */
  private long evictedUpTo = Long.MIN_VALUE;
  private long evictedBuckets;
  private long lateBuckets;
  private long duplicateDeltas;

  private static final class Slot {
    final Map<String, byte[]> services = new HashMap<>();
    byte[] edges;
    long bytes;
  }

  public MemorySeriesStore(long maxBytes, long retentionMs, LongSupplier clock) {
    this.maxBytes = maxBytes;
    this.retentionMs = retentionMs;
    this.clock = clock;
  }

  @Override
  public Future<Void> write(Delta delta) {
    apply(delta);
    return Future.succeededFuture();
  }

  /** Merges a delta in; false when it was seen before (and so ignored). */
  public synchronized boolean apply(Delta delta) {
    if (!seen.add(delta.id())) {
      duplicateDeltas++;
      return false;
    }
    if (seen.size() > REMEMBERED_IDS) {
      var it = seen.iterator();
      it.next();
      it.remove();
    }
    long oldest = clock.getAsLong() - retentionMs;
    for (Delta.Bucket b : delta.buckets()) {
      if (b.startMs() < oldest || b.startMs() <= evictedUpTo) {
        lateBuckets++;
        continue;
      }
      Slot slot = slots.computeIfAbsent(b.startMs(), k -> new Slot());
      Map<String, Map<SeriesKey, Cell>> byService = new HashMap<>();
      for (Map.Entry<SeriesKey, Cell> e : b.series().entrySet()) {
        byService.computeIfAbsent(e.getKey().service(), s -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
      }
      for (Map.Entry<String, Map<SeriesKey, Cell>> e : byService.entrySet()) {
        byte[] old = slot.services.get(e.getKey());
        Map<SeriesKey, Cell> merged = e.getValue();
        if (old != null) {
          merged = new LinkedHashMap<>();
          DeltaCodec.readSeriesBlock(old, merged::put);
          for (Map.Entry<SeriesKey, Cell> c : e.getValue().entrySet()) {
            Cell into = merged.get(c.getKey());
            if (into == null) {
              merged.put(c.getKey(), c.getValue());
            } else {
              into.merge(c.getValue());
            }
          }
        }
        byte[] block = DeltaCodec.seriesBlock(merged);
        slot.services.put(e.getKey(), block);
        account(slot, (old == null ? ENTRY_OVERHEAD : -old.length) + block.length);
      }
      if (!b.edges().isEmpty()) {
        Map<EdgeKey, EdgeCell> merged = new LinkedHashMap<>();
        if (slot.edges != null) {
          DeltaCodec.readEdgesBlock(slot.edges, merged::put);
        }
        for (Map.Entry<EdgeKey, EdgeCell> c : b.edges().entrySet()) {
          merged.merge(c.getKey(), c.getValue(), (x, y) -> {
            x.merge(y);
            return x;
          });
        }
        byte[] old = slot.edges;
        slot.edges = DeltaCodec.edgesBlock(merged);
        account(slot, (old == null ? ENTRY_OVERHEAD : -old.length) + slot.edges.length);
      }
    }
    evict(oldest);
    return true;
  }

  private void account(Slot slot, long delta) {
    slot.bytes += delta;
    bytes += delta;
  }

  private void evict(long oldest) {
    while (!slots.isEmpty() && (bytes > maxBytes || slots.firstKey() < oldest)) {
      Map.Entry<Long, Slot> first = slots.pollFirstEntry();
      evictedUpTo = Math.max(evictedUpTo, first.getKey());
      bytes -= first.getValue().bytes;
      evictedBuckets++;
    }
  }

  @Override
  public synchronized Future<NavigableMap<Long, Map<SeriesKey, Cell>>> series(Collection<String> services, long fromMs,
      long toMs) {
    NavigableMap<Long, Map<SeriesKey, Cell>> out = new TreeMap<>();
    for (Map.Entry<Long, Slot> e : slots.subMap(fromMs, true, toMs, false).entrySet()) {
      Map<SeriesKey, Cell> cells = new HashMap<>();
      for (String service : services) {
        byte[] block = e.getValue().services.get(service);
        if (block != null) {
          DeltaCodec.readSeriesBlock(block, cells::put);
        }
      }
      if (!cells.isEmpty()) {
        out.put(e.getKey(), cells);
      }
    }
    return Future.succeededFuture(out);
  }

  @Override
  public synchronized Future<List<String>> services(long fromMs, long toMs) {
    TreeSet<String> names = new TreeSet<>();
    for (Slot s : slots.subMap(fromMs, true, toMs, false).values()) {
      names.addAll(s.services.keySet());
    }
    return Future.succeededFuture(new ArrayList<>(names));
  }

  @Override
  public synchronized Future<NavigableMap<Long, Map<EdgeKey, EdgeCell>>> edges(long fromMs, long toMs) {
    NavigableMap<Long, Map<EdgeKey, EdgeCell>> out = new TreeMap<>();
    for (Map.Entry<Long, Slot> e : slots.subMap(fromMs, true, toMs, false).entrySet()) {
      if (e.getValue().edges != null) {
        Map<EdgeKey, EdgeCell> cells = new HashMap<>();
        DeltaCodec.readEdgesBlock(e.getValue().edges, cells::put);
        out.put(e.getKey(), cells);
      }
    }
    return Future.succeededFuture(out);
  }

  /**
   * Everything held, as one delta per bucket (writer {@code snapshot}) and the ids of the deltas
   * it holds: what a member joining a cluster starts from.
   */
  public synchronized Snapshot snapshot(long stepMs) {
    List<Delta.Bucket> buckets = new ArrayList<>();
    for (Map.Entry<Long, Slot> e : slots.entrySet()) {
      Map<SeriesKey, Cell> cells = new LinkedHashMap<>();
      for (byte[] block : e.getValue().services.values()) {
        DeltaCodec.readSeriesBlock(block, cells::put);
      }
      Map<EdgeKey, EdgeCell> edges = new LinkedHashMap<>();
      if (e.getValue().edges != null) {
        DeltaCodec.readEdgesBlock(e.getValue().edges, edges::put);
      }
      buckets.add(new Delta.Bucket(e.getKey(), cells, edges));
    }
    return new Snapshot(new Delta("snapshot", 0, stepMs, buckets), List.copyOf(seen));
  }

  /** A copy of a store's contents and the ids of the deltas in it. */
  public record Snapshot(Delta contents, List<String> ids) {}

  /**
   * Starts from a snapshot taken elsewhere: its contents merged in, its ids remembered. Call before
   * any other delta is applied (deltas that arrived meanwhile are applied after, skipping those the
   * snapshot holds).
   */
  public synchronized void restore(Snapshot s) {
    Delta c = s.contents();
    seen.remove(c.id());
    apply(new Delta("snapshot-of-" + System.nanoTime(), 0, c.stepMs(), c.buckets()));
    seen.addAll(s.ids());
  }

  public synchronized boolean seen(String deltaId) {
    return seen.contains(deltaId);
  }

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized int buckets() {
    return slots.size();
  }

  public synchronized long evictedBuckets() {
    return evictedBuckets;
  }

  /** Buckets of deltas that came too late: older than the retention, or than what the byte bound keeps. */
  public synchronized long lateBuckets() {
    return lateBuckets;
  }

  public synchronized long duplicateDeltas() {
    return duplicateDeltas;
  }
}
