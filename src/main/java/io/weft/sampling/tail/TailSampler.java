package io.weft.sampling.tail;

import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.tenant.TenancySettings;
import io.weft.wire.SpanBinaryCodec;
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
 * {@code decision_wait} after their trace's first span; then the policies decide the whole trace. A
 * decision is remembered (bounded caches of kept and dropped ids) so that late spans follow it. The
 * buffer is bounded in traces and in estimated bytes: past either, the oldest traces are decided
 * early (counted). Callers write the kept traces, hand the dropped ones' dependency links to storage
 * ({@code SpanWriter.writeLinksOnly}: the dependency graph counts every trace), and run the waiters of
 * each decided trace (the ingester's batches, to commit their offsets). Thread-safe: one lock, held briefly.
 *
 * <p>Under tenancy a trace is a tenant's: buffer, decisions and caches are keyed by (tenant, trace id),
 * so two tenants sending the same trace id never share spans or a decision, and each decided trace says
 * whose it is (its spans go to that tenant's store). Without tenancy every trace is
 * {@link TenancySettings#IMPLICIT}'s.
 */
public final class TailSampler {
  /** A tenant's trace: what the buffer and the decision caches are keyed by. */
  record Key(String tenant, TraceId id) {}

  /** A tenant's trace decided (or, from {@link #remove}, taken out undecided): its spans, and who waits on it. */
  public record Decided(String tenant, TraceId id, List<Span> spans, boolean keep, List<Runnable> waiters,
      Object partition, long firstNanos) {
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
   * A buffered trace. Its spans are kept encoded ({@link SpanBinaryCodec}, one chunk per arrival, whose
   * string table stores a trace's repeated names once): a few hundred bytes a span instead of the
   * kilobyte decoded spans hold; they are decoded when the trace is decided.
   */
  private static final class Entry {
    final long firstNanos;
    final Object partition;
    final List<byte[]> chunks = new ArrayList<>(2);
    List<Runnable> waiters = List.of();
    int spans;
    long bytes = ENTRY_BYTES;

    Entry(long firstNanos, Object partition) {
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

  /** The heap of an entry besides its chunks: map node, key, id, entry, lists. */
  static final long ENTRY_BYTES = 184;
  /** The heap of a chunk besides its bytes: array header, list slot. */
  static final long CHUNK_BYTES = 24;

  private final Supplier<TailConfig> config;
  private final TailMetrics metrics;
  private final LinkedHashMap<Key, Entry> buffer = new LinkedHashMap<>();
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

  /** {@link #add(String, List, long, long, Object, Runnable)} for the one tenant of a node without tenancy. */
  public Added add(List<Span> in, long nowNanos, long ageNanos, Object partition, Runnable waiter) {
    return add(TenancySettings.IMPLICIT, in, nowNanos, ageNanos, partition, waiter);
  }

  /**
   * Adds {@code tenant}'s spans that arrived {@code ageNanos} ago (0, or the time a handed-over trace
   * already waited) from {@code partition} (an ingester's Kafka partition, else null); {@code waiter}
   * (may be null) runs once each of their traces not decided yet is decided and, if kept, stored.
   */
  public synchronized Added add(String tenant, List<Span> in, long nowNanos, long ageNanos, Object partition,
      Runnable waiter) {
    TailConfig c = config.get();
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
      Key id = new Key(tenant, g.getKey());
      Entry e = buffer.get(id);
      if (e == null) {
        if (kept.contains(id)) {
          keptLate.addAll(g.getValue());
          metrics.late(tenant, true, g.getValue().size());
          continue;
        }
        if (dropped.contains(id)) {
          droppedLate.addAll(g.getValue());
          metrics.late(tenant, false, g.getValue().size());
          continue;
        }
        e = new Entry(nowNanos - ageNanos, partition);
        buffer.put(id, e);
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
      Iterator<Map.Entry<Key, Entry>> it = buffer.entrySet().iterator();
      Map.Entry<Key, Entry> oldest = it.next();
      it.remove();
      metrics.early(oldest.getKey().tenant(), reason);
      early.add(decide(oldest.getKey(), oldest.getValue(), nowNanos));
    }
    return new Added(keptLate, droppedLate, early, waiting);
  }

  /** Takes out and decides the traces whose wait is over, oldest first. */
  public synchronized List<Decided> due(long nowNanos) {
    long wait = config.get().decisionWaitMs() * 1_000_000;
    List<Decided> out = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Entry>> it = buffer.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Entry> e = it.next();
      if (nowNanos - e.getValue().firstNanos < wait) {
        break; // in arrival order: the rest are younger
      }
      it.remove();
      out.add(decide(e.getKey(), e.getValue(), nowNanos));
    }
    return out;
  }

  /** Takes out and decides every trace now (the node stops). */
  public synchronized List<Decided> decideAll(long nowNanos, String reason) {
    List<Decided> out = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Entry>> it = buffer.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Entry> e = it.next();
      it.remove();
      metrics.early(e.getKey().tenant(), reason);
      out.add(decide(e.getKey(), e.getValue(), nowNanos));
    }
    return out;
  }

  /**
   * Takes out, undecided, the traces {@code which} selects (by id and partition): a revoked
   * partition's (another ingester reads them again), or those another collector now owns.
   * {@code Decided.keep} is false and means nothing here; {@code spans} are those buffered.
   */
  public synchronized List<Decided> remove(Predicate<TraceId> byId, Predicate<Object> byPartition) {
    List<Decided> out = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Entry>> it = buffer.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Entry> e = it.next();
      Entry v = e.getValue();
      if (byId.test(e.getKey().id()) && byPartition.test(v.partition)) {
        it.remove();
        bytes -= v.bytes;
        spans -= v.spans;
        out.add(new Decided(e.getKey().tenant(), e.getKey().id(), v.decode(), false, v.waiters, v.partition,
            v.firstNanos));
      }
    }
    return out;
  }

  private Decided decide(Key id, Entry e, long nowNanos) {
    bytes -= e.bytes;
    spans -= e.spans;
    List<Span> decoded = e.decode();
    TraceView view = new TraceView(id.tenant(), id.id(), decoded);
    boolean keep = false;
    boolean drop = false;
    for (Policy p : config.get().policies()) {
      Policy.Decision d = p.evaluate(view, nowNanos);
      metrics.policy(id.tenant(), p.name(), d);
      keep |= d == Policy.Decision.SAMPLED;
      drop |= d == Policy.Decision.DROPPED;
    }
    keep &= !drop; // drop rules win
    (keep ? kept : dropped).add(id);
    metrics.decided(id.tenant(), keep, decoded.size());
    return new Decided(id.tenant(), id.id(), decoded, keep, e.waiters, e.partition, e.firstNanos);
  }
}
