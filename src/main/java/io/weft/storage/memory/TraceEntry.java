package io.weft.storage.memory;

import io.weft.model.Span;
import io.weft.model.SpanKind;
import io.weft.model.TraceId;
import io.weft.storage.DependencyLinker;
import io.weft.wire.ByteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One stored trace, kept compact: its spans as encoded messages (one chunk per write that brought
 * new spans, {@link EncodedChunks}), three longs per span for dedupe and dependency links
 * ({@link SpanInfo}), a tag filter for searches ({@link TagFilter}), and a small summary. Spans are
 * decoded only when read. Writers and eviction lock the entry; readers lock only to snapshot,
 * which is safe because chunks and array slots below the counts are never changed once written.
 * Index scans read only {@link #start()} and {@link #isEvicted()}, which are volatile.
 */
final class TraceEntry {
  private static final byte[][] NO_CHUNKS = new byte[0][];
  private static final long[] NO_LONGS = new long[0];
  private static final int[] NO_INTS = new int[0];
  /** This many unmerged chunks are merged into one, if together they are small. */
  private static final int MERGE_CHUNKS = 8;
  private static final int MERGE_MAX_BYTES = 16 * 1024;

  final TraceId id;
  private byte[][] chunks = NO_CHUNKS;
  private int chunkCount;
  /** Chunks below this index are merged results (or too big to merge), never merged again. */
  private int mergedChunks;
  /** {@link SpanInfo}'s three longs per span. */
  private long[] spanInfo = NO_LONGS;
  private int spanCount;
  /** The earliest span start; {@link #start} follows it once the indexes do. */
  private long startMin = Long.MAX_VALUE;
  private int[] serviceIds = NO_INTS;
  /** Whether the trace is in the indexes, in the buckets of {@link #start}. */
  private boolean indexed;
  /**
   * The start the indexes hold the trace by; it only moves earlier. Until the trace is indexed
   * it lies in no bucket, so scans skip the entry.
   */
  private volatile long start = Long.MAX_VALUE;
  private volatile boolean evicted;
  /** The bits of the trace's {@link TagFilter}. */
  private final long[] tagBloom = TagFilter.empty();
  /** The shortest and longest span: a duration search skips a trace with no span within its bounds. */
  private long minDuration = Long.MAX_VALUE;
  private long maxDuration = Long.MIN_VALUE;

  TraceEntry(TraceId id) {
    this.id = id;
  }

  /**
   * Adds the spans this trace does not hold yet (an equal span is a re-write: same id and content) and
   * re-indexes the trace. Only a span whose id and {@link SpanInfo#key} some held span has is compared
   * with the held spans, which are then decoded: a replayed batch costs a decode, a new span no hash of
   * its tags. {@code services[i]} is the service id of {@code batch.get(i)}.
   * {@code message}, when not null, encodes exactly {@code batch}: kept as the chunk when every span
   * is new, instead of encoding them again. Returns how many spans were new, or -1 when the entry was
   * evicted meanwhile.
   */
  synchronized int append(List<Span> batch, int[] services, byte[] message, ByteSink scratch, Indexes indexes) {
    if (evicted) {
      return -1;
    }
    List<Span> fresh = new ArrayList<>(batch.size());
    int servicesBefore = serviceIds.length;
    List<Span> held = null; // decoded only when a span may be held already (a replay)
    for (int i = 0; i < batch.size(); i++) {
      Span s = batch.get(i);
      int key = SpanInfo.key(s);
      if (SpanInfo.holds(spanInfo, spanCount, s.spanId(), key)) {
        if (held == null) {
          held = EncodedChunks.decode(chunks, chunkCount);
        }
        if (held.contains(s) || fresh.contains(s)) {
          continue;
        }
      }
      addInfo(s.spanId(), s.parentSpanId(), key, services[i], s.kind() == SpanKind.SERVER);
      TagFilter.add(tagBloom, s);
      addService(services[i]);
      minDuration = Math.min(minDuration, s.durationMicros());
      maxDuration = Math.max(maxDuration, s.durationMicros());
      startMin = Math.min(startMin, s.startTimeMicros());
      fresh.add(s);
    }
    if (fresh.isEmpty()) {
      return 0;
    }
    if (message != null && fresh.size() == batch.size()) {
      addChunk(message);
    } else {
      addChunk(EncodedChunks.encode(fresh, scratch));
    }
    if (chunkCount - mergedChunks >= MERGE_CHUNKS) {
      mergeTail(scratch);
    }
    reindex(indexes, servicesBefore);
    return fresh.size();
  }

  /** Drops the spans and index entries; returns how many spans were held. */
  synchronized int evict(Indexes indexes) {
    evicted = true; // before the release: a bucket compacting meanwhile may drop the reference
    if (indexed) {
      indexes.release(serviceIds, serviceIds.length, indexes.bucketOf(start));
    }
    chunks = NO_CHUNKS;
    spanInfo = NO_LONGS;
    serviceIds = NO_INTS;
    chunkCount = 0;
    int n = spanCount;
    spanCount = 0;
    return n;
  }

  /** The stored spans, decoded; empty once evicted. */
  List<Span> spans() {
    byte[][] cs;
    int n;
    synchronized (this) {
      cs = chunks;
      n = chunkCount;
    }
    return EncodedChunks.decode(cs, n);
  }

  synchronized byte[][] chunks() {
    return Arrays.copyOf(chunks, chunkCount);
  }

  /**
   * False when the trace cannot match: a hash is missing from the tag filter, or no span's duration
   * lies within the bounds. Cheap enough for every trace of a bucket, before any ordering.
   */
  boolean mayMatch(SearchFilter f) {
    if (f.tagHashes().length == 0 && f.minDuration() == 0 && f.maxDuration() == 0) {
      return true;
    }
    synchronized (this) {
      return TagFilter.mayHoldAll(tagBloom, f.tagHashes())
          && (f.minDuration() == 0 || maxDuration >= f.minDuration())
          && (f.maxDuration() == 0 || minDuration <= f.maxDuration());
    }
  }

  /**
   * False when some needle occurs in none of the chunks (each string literal sits whole in its
   * chunk as UTF-8): a scan of the encoded spans, so it runs only on a trace about to be decoded.
   */
  boolean containsAll(List<byte[]> needles) {
    if (needles.isEmpty()) {
      return true;
    }
    byte[][] cs;
    int n;
    synchronized (this) {
      cs = chunks;
      n = chunkCount;
    }
    return EncodedChunks.containAll(cs, n, needles);
  }

  /** Adds this trace's service calls, computed from the kept ids without decoding. */
  void addLinks(DependencyLinker linker, Indexes indexes) {
    long[] info;
    int n;
    synchronized (this) {
      info = spanInfo;
      n = spanCount;
    }
    SpanInfo.addLinks(info, n, linker, indexes);
  }

  /** The start the trace is indexed by (the earliest span start, once indexed). */
  long start() {
    return start;
  }

  boolean isEvicted() {
    return evicted;
  }

  private void addInfo(long spanId, long parentId, int hash, int serviceId, boolean server) {
    if (SpanInfo.WIDTH * (spanCount + 1) > spanInfo.length) {
      spanInfo = Arrays.copyOf(spanInfo, SpanInfo.WIDTH * grow(spanInfo.length / SpanInfo.WIDTH, spanCount + 1));
    }
    SpanInfo.put(spanInfo, spanCount, spanId, parentId, hash, serviceId, server);
    spanCount++;
  }

  private void addChunk(byte[] chunk) {
    if (chunkCount == chunks.length) {
      chunks = Arrays.copyOf(chunks, grow(chunks.length, chunkCount + 1));
    }
    chunks[chunkCount++] = chunk;
  }

  /**
   * Re-encodes the unmerged chunks as one, so the strings they repeat are written once: spans
   * written a few at a time then cost about what a batch costs. Each chunk is merged at most once,
   * so merging stays linear in the trace size. Readers may hold the old array: make a new one.
   */
  private void mergeTail(ByteSink scratch) {
    if (EncodedChunks.bytes(chunks, mergedChunks, chunkCount) <= MERGE_MAX_BYTES) {
      byte[][] merged = new byte[chunks.length][];
      System.arraycopy(chunks, 0, merged, 0, mergedChunks);
      merged[mergedChunks] = EncodedChunks.merge(chunks, mergedChunks, chunkCount, scratch);
      chunks = merged;
      chunkCount = mergedChunks + 1;
    }
    mergedChunks = chunkCount;
  }

  private void addService(int serviceId) {
    for (int s : serviceIds) {
      if (s == serviceId) {
        return;
      }
    }
    serviceIds = Arrays.copyOf(serviceIds, serviceIds.length + 1);
    serviceIds[serviceIds.length - 1] = serviceId;
  }

  /**
   * Puts the trace in the buckets of its start, in every index it belongs to. When the start
   * moves to an earlier bucket the trace is added there before the new start is published and
   * the old buckets are released, so a concurrent search finds it in one bucket or the other.
   */
  private void reindex(Indexes indexes, int servicesBefore) {
    long bucket = indexes.bucketOf(startMin);
    if (!indexed) {
      indexes.add(this, serviceIds, bucket);
      start = startMin;
      indexed = true;
      return;
    }
    long old = indexes.bucketOf(start);
    if (bucket != old) {
      indexes.add(this, serviceIds, bucket);
      start = startMin;
      indexes.release(serviceIds, servicesBefore, old);
      return;
    }
    if (start != startMin) {
      start = startMin;
    }
    for (int i = servicesBefore; i < serviceIds.length; i++) {
      indexes.service(serviceIds[i]).traces.add(this, bucket);
    }
  }

  /** Exact size for the first few, then 25% headroom: most traces arrive in a few writes. */
  private static int grow(int capacity, int needed) {
    return Math.max(needed, capacity < 8 ? 0 : capacity + (capacity >> 2));
  }
}
