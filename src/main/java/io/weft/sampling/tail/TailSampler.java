package io.weft.sampling.tail;

import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.wire.SpanBinaryCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The tail-sampling buffer and its decisions, without I/O: spans wait, grouped by trace, until
 * {@code decision_wait} after their trace's first span; then the policies decide the whole trace.
 * Spans a collector received wait on the wall clock; spans read from a Kafka partition wait in record
 * time ({@link PartitionReads}), so that how fast the partition is read changes nothing. A
 * decision is remembered (bounded caches of kept and dropped ids) so that late spans follow it. The
 * buffer is bounded in traces and in estimated bytes: past either, the oldest traces are decided
 * early (counted). Callers write the kept traces, hand the dropped ones' dependency links to storage
 * ({@code SpanWriter.writeLinksOnly}: the dependency graph counts every trace), and run the waiters of
 * each decided trace (the ingester's batches, to commit their offsets). Thread-safe: one lock, held briefly.
 */
public final class TailSampler {
  /** A trace decided (or, from {@link #remove}, taken out undecided): its spans, and who waits on it. */
  public record Decided(TraceId id, List<Span> spans, boolean keep, List<Runnable> waiters, Object partition,
      long firstNanos) {
    /** Runs every waiter (after the kept spans were stored, or at once for a trace not kept). */
    public void settle() {
      waiters.forEach(Runnable::run);
    }
  }

  /**
   * What adding spans gave: spans of traces already kept (to write now), spans of traces already
   * dropped (whose dependency links still count), traces decided early, and how many buffered traces
   * the waiter now waits on (each runs it once).
   */
  public record Added(List<Span> keptLate, List<Span> droppedLate, List<Decided> early, int waiting) {}

  /**
   * The record times of spans read from a partition: each trace's earliest record timestamp in this
   * read, and the newest record timestamp read (epoch milliseconds, Kafka's {@code ConsumerRecord.timestamp()}).
   */
  public record RecordTimes(Map<TraceId, Long> firstMillis, long newestMillis) {}

  private static final long NO_RECORD_TIME = Long.MIN_VALUE;

  /**
   * A buffered trace. Its spans are kept encoded ({@link SpanBinaryCodec}, one chunk per arrival, whose
   * string table stores a trace's repeated names once): a few hundred bytes a span instead of the
   * kilobyte decoded spans hold; they are decoded when the trace is decided.
   */
  private static final class Entry {
    final TraceId id;
    final long firstNanos;
    final Object partition;
    final List<byte[]> chunks = new ArrayList<>(2);
    List<Runnable> waiters = List.of();
    int spans;
    long bytes = ENTRY_BYTES;
    /** The earliest record timestamp of its spans read from a partition (epoch ms), else NO_RECORD_TIME. */
    long firstRecordMs = NO_RECORD_TIME;
    /** Taken out of the buffer; its partition's queue drops it when it reaches the head. */
    boolean gone;

    Entry(TraceId id, long firstNanos, Object partition) {
      this.id = id;
      this.firstNanos = firstNanos;
      this.partition = partition;
    }

    List<Span> decode() {
      if (chunks.size() == 1) {
        return SpanBinaryCodec.decode(chunks.get(0));
      }
      List<Span> out = new ArrayList<>(spans);
      for (byte[] c : chunks) {
        out.addAll(SpanBinaryCodec.decode(c));
      }
      return out;
    }
  }

  /** The heap of an entry besides its chunks: map node, id, entry, lists, its partition queue's slot. */
  static final long ENTRY_BYTES = 176;
  /** The heap of a chunk besides its bytes: array header, list slot. */
  static final long CHUNK_BYTES = 24;

  private final Supplier<TailConfig> config;
  private final TailMetrics metrics;
  private final LinkedHashMap<TraceId, Entry> buffer = new LinkedHashMap<>();
  /** Per partition (null: a collector's spans), its buffered traces in arrival order. */
  private final Map<Object, ArrayDeque<Entry>> queues = new HashMap<>();
  /** Per partition, the newest record timestamp read (epoch ms): the partition's clock. */
  private final Map<Object, Long> readClocks = new HashMap<>();
  private final DecisionCache kept;
  private final DecisionCache dropped;
  private long bytes;
  private long spans;

  public TailSampler(Supplier<TailConfig> config, TailMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    TailConfig c = config.get();
    this.kept = new DecisionCache(c.sampledCacheSize());
    this.dropped = new DecisionCache(c.notSampledCacheSize());
    metrics.gauges(this::traces, this::spans, this::bytes);
  }

  public synchronized int traces() {
    return buffer.size();
  }

  public synchronized long spans() {
    return spans;
  }

  public synchronized long bytes() {
    return bytes;
  }

  public long decisionWaitMs() {
    return config.get().decisionWaitMs();
  }

  /**
   * Adds spans that arrived {@code ageNanos} ago (0, or the time a handed-over trace already waited)
   * from {@code partition} (an ingester's Kafka partition, else null); {@code waiter} (may be null)
   * runs once each of their traces not decided yet is decided and, if kept, stored.
   */
  public Added add(List<Span> in, long nowNanos, long ageNanos, Object partition, Runnable waiter) {
    return add(in, nowNanos, ageNanos, partition, waiter, null);
  }

  /**
   * As {@link #add(List, long, long, Object, Runnable)}, for spans read from {@code partition} with their
   * record {@code times} (null: none known): their traces are decided in record time.
   */
  public synchronized Added add(List<Span> in, long nowNanos, long ageNanos, Object partition, Runnable waiter,
      RecordTimes times) {
    TailConfig c = config.get();
    if (times != null) {
      readClocks.merge(partition, times.newestMillis(), Math::max);
    }
    kept.resize(c.sampledCacheSize());
    dropped.resize(c.notSampledCacheSize());
    Map<TraceId, List<Span>> byTrace = new HashMap<>();
    for (Span s : in) {
      byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>(4)).add(s);
    }
    List<Span> keptLate = new ArrayList<>(0);
    List<Span> droppedLate = new ArrayList<>(0);
    int waiting = 0;
    for (Map.Entry<TraceId, List<Span>> g : byTrace.entrySet()) {
      TraceId id = g.getKey();
      Entry e = buffer.get(id);
      if (e == null) {
        if (kept.contains(id)) {
          keptLate.addAll(g.getValue());
          metrics.late(true, g.getValue().size());
          continue;
        }
        if (dropped.contains(id)) {
          droppedLate.addAll(g.getValue());
          metrics.late(false, g.getValue().size());
          continue;
        }
        e = new Entry(id, nowNanos - ageNanos, partition);
        buffer.put(id, e);
        queues.computeIfAbsent(partition, k -> new ArrayDeque<>()).addLast(e);
      }
      Long recordMs = times == null ? null : times.firstMillis().get(id);
      if (recordMs != null) { // the earliest: records of one partition from several producers are not in time order
        e.firstRecordMs = e.firstRecordMs == NO_RECORD_TIME ? recordMs : Math.min(e.firstRecordMs, recordMs);
      }
      if (e.chunks.isEmpty()) {
        bytes += ENTRY_BYTES;
      }
      byte[] chunk = SpanBinaryCodec.encode(g.getValue());
      e.chunks.add(chunk);
      e.spans += g.getValue().size();
      e.bytes += chunk.length + CHUNK_BYTES;
      bytes += chunk.length + CHUNK_BYTES;
      spans += g.getValue().size();
      if (waiter != null && (e.waiters.isEmpty() || e.waiters.get(e.waiters.size() - 1) != waiter)) {
        if (e.waiters.isEmpty()) {
          e.waiters = new ArrayList<>(2);
        }
        e.waiters.add(waiter);
        waiting++;
      }
    }
    List<Decided> early = new ArrayList<>(0);
    while (buffer.size() > c.numTraces() || bytes > c.maxBytes() && buffer.size() > 1) {
      String reason = buffer.size() > c.numTraces() ? "max-traces" : "max-bytes";
      Iterator<Map.Entry<TraceId, Entry>> it = buffer.entrySet().iterator();
      Map.Entry<TraceId, Entry> oldest = it.next();
      it.remove();
      oldest.getValue().gone = true;
      metrics.early(reason);
      early.add(decide(oldest.getKey(), oldest.getValue(), nowNanos));
    }
    return new Added(keptLate, droppedLate, early, waiting);
  }

  /** Takes out and decides the traces whose wait is over on the wall clock, every partition read as of now. */
  public List<Decided> due(long nowNanos) {
    return due(nowNanos, PartitionReads.WALL_CLOCK);
  }

  /**
   * Takes out and decides the traces whose wait is over. A collector's trace: {@code decision_wait} of
   * wall-clock time after its first span arrived. A trace read from a partition: once the partition's
   * clock (its newest record timestamp read) is {@code decision_wait} past the trace's first record, so
   * every record produced until then has been read however slowly; or once {@code reads} says the
   * partition was read to its end at a moment {@code decision_wait} after the trace was first read (an
   * idle partition's clock stands still), or, counted early, once the reader is stalled or has long learned
   * nothing of the partition's end. Each partition is scanned on its own, oldest first.
   * {@code reads} null: a collector's traces only.
   */
  public synchronized List<Decided> due(long nowNanos, PartitionReads reads) {
    long waitMs = config.get().decisionWaitMs();
    long wait = waitMs * 1_000_000;
    List<Decided> out = new ArrayList<>();
    for (Iterator<Map.Entry<Object, ArrayDeque<Entry>>> qs = queues.entrySet().iterator(); qs.hasNext(); ) {
      Map.Entry<Object, ArrayDeque<Entry>> q = qs.next();
      Object partition = q.getKey();
      if (reads == null && partition != null) {
        continue; // a collector's ticker on a node that also ingests: the ingester decides its partitions' traces
      }
      long clock = readClocks.getOrDefault(partition, NO_RECORD_TIME);
      for (Entry e; (e = q.getValue().peekFirst()) != null; q.getValue().pollFirst()) {
        if (e.gone) {
          continue;
        }
        boolean wallDue = nowNanos - e.firstNanos >= wait;
        boolean recordDue = e.firstRecordMs != NO_RECORD_TIME && clock != NO_RECORD_TIME
            && clock - e.firstRecordMs >= waitMs;
        if (partition == null ? !wallDue : !recordDue && !(wallDue && reads.readAll(partition, e.firstNanos + wait))) {
          if (wallDue && reads.stalled(partition)) {
            metrics.early("reader-full");
          } else if (wallDue && reads.endUnknown(partition, e.firstNanos + wait)) {
            metrics.early("end-unknown");
          } else {
            break; // in arrival order: the rest of this partition's traces are younger
          }
        }
        buffer.remove(e.id);
        e.gone = true;
        out.add(decide(e.id, e, nowNanos));
      }
      if (q.getValue().isEmpty()) {
        qs.remove();
      }
    }
    return out;
  }

  /** Takes out and decides every trace now (the node stops). */
  public synchronized List<Decided> decideAll(long nowNanos, String reason) {
    List<Decided> out = new ArrayList<>();
    for (Iterator<Map.Entry<TraceId, Entry>> it = buffer.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<TraceId, Entry> e = it.next();
      it.remove();
      e.getValue().gone = true;
      metrics.early(reason);
      out.add(decide(e.getKey(), e.getValue(), nowNanos));
    }
    queues.clear();
    return out;
  }

  /**
   * Takes out, undecided, the traces {@code which} selects (by id and partition): a revoked
   * partition's (another ingester reads them again), or those another collector now owns.
   * {@code Decided.keep} is false and means nothing here; {@code spans} are those buffered. The read
   * clocks of the partitions {@code byPartition} selects are forgotten: a partition read again starts anew.
   */
  public synchronized List<Decided> remove(Predicate<TraceId> byId, Predicate<Object> byPartition) {
    List<Decided> out = new ArrayList<>();
    for (Iterator<Map.Entry<TraceId, Entry>> it = buffer.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<TraceId, Entry> e = it.next();
      Entry v = e.getValue();
      if (byId.test(e.getKey()) && byPartition.test(v.partition)) {
        it.remove();
        v.gone = true;
        bytes -= v.bytes;
        spans -= v.spans;
        out.add(new Decided(e.getKey(), v.decode(), false, v.waiters, v.partition, v.firstNanos));
      }
    }
    if (!out.isEmpty()) {
      queues.values().forEach(q -> q.removeIf(e -> e.gone));
      queues.values().removeIf(ArrayDeque::isEmpty);
    }
    readClocks.keySet().removeIf(byPartition::test);
    return out;
  }

  private Decided decide(TraceId id, Entry e, long nowNanos) {
    bytes -= e.bytes;
    spans -= e.spans;
    List<Span> decoded = e.decode();
    e.chunks.clear(); // a decided entry may still wait in its partition's queue: its bytes go now
    TraceView view = new TraceView(id, decoded);
    boolean keep = false;
    boolean drop = false;
    for (Policy p : config.get().policies()) {
      Policy.Decision d = p.evaluate(view, nowNanos);
      metrics.policy(p.name(), d);
      keep |= d == Policy.Decision.SAMPLED;
      drop |= d == Policy.Decision.DROPPED;
    }
    keep &= !drop; // drop rules win
    (keep ? kept : dropped).add(id);
    metrics.decided(keep, decoded.size());
    return new Decided(id, decoded, keep, e.waiters, e.partition, e.firstNanos);
  }
}
