package io.weft.storage.memory;

import io.weft.wire.ByteSink;
import io.weft.wire.SpanBinaryCodec;
import io.weft.model.Log;
import io.weft.model.Span;
import io.weft.model.Tag;
import io.weft.model.TraceId;
import io.weft.storage.DependencyLinker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One stored trace, kept compact: its spans as encoded messages (one chunk per write that brought
 * new spans), three longs per span for dedupe and dependency links, a tag filter for searches, and a
 * small summary. Spans are
 * decoded only when read. Writers and eviction lock the entry; readers lock only to snapshot,
 * which is safe because chunks and array slots below the counts are never changed once written.
 * Index scans read only {@link #start()} and {@link #isEvicted()}, which are volatile.
 */
final class TraceEntry {
  private static final byte[][] NO_CHUNKS = new byte[0][];
  private static final long[] NO_LONGS = new long[0];
  private static final int[] NO_INTS = new int[0];
  /** Marks a server-kind span; the dependency linker needs it for Zipkin's shared span ids. */
  private static final long SERVER_BIT = 1L << 31;
  private static final long SERVICE_MASK = SERVER_BIT - 1;
  /** This many unmerged chunks are merged into one, if together they are small. */
  private static final int MERGE_CHUNKS = 8;
  private static final int MERGE_MAX_BYTES = 16 * 1024;
  /** 512 bits of tag filter ({@link #tagBloom}). */
  private static final int BLOOM_LONGS = 8;
  /** The key under which span names go into the tag filter (a colliding real key costs a false positive only). */
  private static final String OPERATION_KEY = "\u0000operation";

  final TraceId id;
  private byte[][] chunks = NO_CHUNKS;
  private int chunkCount;
  /** Chunks below this index are merged results (or too big to merge), never merged again. */
  private int mergedChunks;
  /** Per span: span id, parent span id, (content hash << 32 | SERVER_BIT if a server span | service id). */
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
  /**
   * A Bloom filter of the trace's tag texts ({@link #tagHash} of key and text, of span tags, process
   * tags and log fields) and span names ({@link #operationHash}): 512 bits, 3 probes, about 2% false
   * positives at 60 entries. A tag or operation search skips
   * a trace that cannot hold the tag without decoding it, which turns a scan of a service's 125,000
   * traces from ~500 ms into a few ms.
   */
  private final long[] tagBloom = new long[BLOOM_LONGS];
  /** The shortest and longest span: a duration search skips a trace with no span within its bounds. */
  private long minDuration = Long.MAX_VALUE;
  private long maxDuration = Long.MIN_VALUE;

  TraceEntry(TraceId id) {
    this.id = id;
  }

  /**
   * Adds the spans this trace does not hold yet (same span id and same content means a re-write)
   * and re-indexes the trace. {@code services[i]} is the service id of {@code batch.get(i)}.
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
    for (int i = 0; i < batch.size(); i++) {
      Span s = batch.get(i);
      int hash = s.hashCode();
      if (holds(s.spanId(), hash)) {
        continue;
      }
      addInfo(s.spanId(), s.parentSpanId(), hash, services[i], s.kind() == io.weft.model.SpanKind.SERVER);
      addTags(s);
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
      scratch.reset();
      SpanBinaryCodec.encode(fresh, scratch);
      addChunk(Arrays.copyOf(scratch.array(), scratch.size()));
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
      long bucket = indexes.bucketOf(start);
      indexes.all.release(bucket);
      for (int s : serviceIds) {
        indexes.service(s).traces.release(bucket);
      }
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
    if (n == 1) {
      return SpanBinaryCodec.decode(cs[0]);
    }
    List<Span> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.addAll(SpanBinaryCodec.decode(cs[i]));
    }
    return out;
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
      for (int h : f.tagHashes()) {
        if (!bloomHas(h)) {
          return false;
        }
      }
      return (f.minDuration() == 0 || maxDuration >= f.minDuration())
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
    for (byte[] needle : needles) {
      boolean found = false;
      for (int i = 0; i < n && !found; i++) {
        found = indexOf(cs[i], needle) >= 0;
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** The filter's hash of a tag: its key and its text as searches see it ({@link Tag#valueAsString}). */
  static int tagHash(String key, String text) {
    int h = key.hashCode() * 0x9E3779B1 + text.hashCode();
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  /** The filter's hash of an operation name: a tag hash under a key no tag has in practice. */
  static int operationHash(String operation) {
    return tagHash(OPERATION_KEY, operation);
  }

  private void addTags(Span s) {
    if (s.operationName() != null) {
      addHash(operationHash(s.operationName()));
    }
    addTags(s.tags());
    if (s.process() != null) {
      addTags(s.process().tags());
    }
    for (Log l : s.logs()) {
      addTags(l.fields());
    }
  }

  private void addTags(List<Tag> tags) {
    for (int i = 0; i < tags.size(); i++) {
      Tag t = tags.get(i);
      addHash(tagHash(t.key(), t.valueAsString()));
    }
  }

  private void addHash(int h) {
    for (int probe = 0; probe < 3; probe++) {
      int bit = bloomBit(h, probe);
      tagBloom[bit >>> 6] |= 1L << bit;
    }
  }

  /** Probe {@code probe} (0..2) of a hash: one of the filter's 512 bits, from 9 bits of the hash each. */
  private static int bloomBit(int h, int probe) {
    return (h >>> (9 * probe)) & 511;
  }

  private boolean bloomHas(int h) {
    for (int probe = 0; probe < 3; probe++) {
      int bit = bloomBit(h, probe);
      if ((tagBloom[bit >>> 6] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Adds this trace's service calls, computed from the kept ids without decoding. */
  void addLinks(DependencyLinker linker, Indexes indexes) {
    long[] info;
    int n;
    synchronized (this) {
      info = spanInfo;
      n = spanCount;
    }
    long[] ids = new long[n];
    long[] parents = new long[n];
    String[] services = new String[n];
    boolean[] server = new boolean[n];
    for (int i = 0; i < n; i++) {
      ids[i] = info[3 * i];
      parents[i] = info[3 * i + 1];
      services[i] = indexes.service((int) (info[3 * i + 2] & SERVICE_MASK)).name;
      server[i] = (info[3 * i + 2] & SERVER_BIT) != 0;
    }
    linker.addTrace(n, ids, parents, services, server);
  }

  /** The start the trace is indexed by (the earliest span start, once indexed). */
  long start() {
    return start;
  }

  boolean isEvicted() {
    return evicted;
  }

  private boolean holds(long spanId, int hash) {
    for (int i = 0; i < spanCount; i++) {
      if (spanInfo[3 * i] == spanId && (int) (spanInfo[3 * i + 2] >>> 32) == hash) {
        return true;
      }
    }
    return false;
  }

  private void addInfo(long spanId, long parentId, int hash, int serviceId, boolean server) {
    if (3 * (spanCount + 1) > spanInfo.length) {
      spanInfo = Arrays.copyOf(spanInfo, 3 * grow(spanInfo.length / 3, spanCount + 1));
    }
    int at = 3 * spanCount;
    spanInfo[at] = spanId;
    spanInfo[at + 1] = parentId;
    spanInfo[at + 2] = (long) hash << 32 | (server ? SERVER_BIT : 0) | (serviceId & SERVICE_MASK);
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
    int bytes = 0;
    for (int i = mergedChunks; i < chunkCount; i++) {
      bytes += chunks[i].length;
    }
    if (bytes <= MERGE_MAX_BYTES) {
      List<Span> spans = new ArrayList<>();
      for (int i = mergedChunks; i < chunkCount; i++) {
        spans.addAll(SpanBinaryCodec.decode(chunks[i]));
      }
      scratch.reset();
      SpanBinaryCodec.encode(spans, scratch);
      byte[][] merged = new byte[chunks.length][];
      System.arraycopy(chunks, 0, merged, 0, mergedChunks);
      merged[mergedChunks] = Arrays.copyOf(scratch.array(), scratch.size());
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
      addToAll(indexes, bucket);
      start = startMin;
      indexed = true;
      return;
    }
    long old = indexes.bucketOf(start);
    if (bucket != old) {
      addToAll(indexes, bucket);
      start = startMin;
      indexes.all.release(old);
      for (int i = 0; i < servicesBefore; i++) {
        indexes.service(serviceIds[i]).traces.release(old);
      }
      return;
    }
    if (start != startMin) {
      start = startMin;
    }
    for (int i = servicesBefore; i < serviceIds.length; i++) {
      indexes.service(serviceIds[i]).traces.add(this, bucket);
    }
  }

  private void addToAll(Indexes indexes, long bucket) {
    indexes.all.add(this, bucket);
    for (int s : serviceIds) {
      indexes.service(s).traces.add(this, bucket);
    }
  }

  /** Exact size for the first few, then 25% headroom: most traces arrive in a few writes. */
  private static int grow(int capacity, int needed) {
    return Math.max(needed, capacity < 8 ? 0 : capacity + (capacity >> 2));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    int last = hay.length - needle.length;
    outer:
    for (int i = 0; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
