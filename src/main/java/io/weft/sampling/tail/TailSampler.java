package io.weft.sampling.tail;

import io.weft.model.Span;
import io.weft.model.TraceId;
import io.weft.tenant.TenancySettings;
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
 * {@code decision_wait} after their trace's first span; then the policies decide the whole trace
 * ({@link TraceDecider}). Spans a collector received wait on the wall clock; spans read from a Kafka
 * partition wait in record time ({@link PartitionQueues}, {@link PartitionReads}), so that how fast the
 * partition is read changes nothing. A decision is remembered (bounded caches of kept and dropped ids) so
 * that late spans follow it. The buffer ({@link BufferedTrace}s) is bounded in traces and in estimated
 * bytes: past either, the oldest traces are decided early (counted). Callers write the kept traces, hand
 * the dropped ones' dependency links to storage ({@code SpanWriter.writeLinksOnly}: the dependency graph
 * counts every trace), and run the waiters of each decided trace (the ingester's batches, to commit their
 * offsets). Thread-safe: one lock, held briefly.
 *
 * <p>Under tenancy a trace is a tenant's: buffer, decisions and caches are keyed by (tenant, trace id),
 * so two tenants sending the same trace id never share spans or a decision, and each decided trace says
 * whose it is (its spans go to that tenant's store). Without tenancy every trace is
 * {@link TenancySettings#IMPLICIT}'s.
 */
public final class TailSampler {
  /** A tenant's trace: what the buffer, the decision caches and record times are keyed by. */
  public record Key(String tenant, TraceId id) {}

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
   * The record times of spans read from a partition: each (tenant's) trace's earliest record timestamp in
   * this read, and the newest record timestamp read (epoch milliseconds, Kafka's {@code ConsumerRecord.timestamp()}).
   */
  public record RecordTimes(Map<Key, Long> firstMillis, long newestMillis) {}

  /** The heap of a buffered trace besides its spans' bytes. */
  static final long ENTRY_BYTES = BufferedTrace.ENTRY_BYTES;

  private final Supplier<TailConfig> config;
  private final TailMetrics metrics;
  private final LinkedHashMap<Key, BufferedTrace> buffer = new LinkedHashMap<>();
  private final PartitionQueues queues = new PartitionQueues();
  private final TraceDecider decider;
  private long bytes;
  private long spans;

  public TailSampler(Supplier<TailConfig> config, TailMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.decider = new TraceDecider(config, metrics);
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
    return add(TenancySettings.IMPLICIT, in, nowNanos, ageNanos, partition, waiter, null);
  }

  /**
   * Adds {@code tenant}'s spans that arrived {@code ageNanos} ago (0, or the time a handed-over trace
   * already waited) from {@code partition} (an ingester's Kafka partition, else null); {@code waiter}
   * (may be null) runs once each of their traces not decided yet is decided and, if kept, stored.
   */
  public Added add(String tenant, List<Span> in, long nowNanos, long ageNanos, Object partition, Runnable waiter) {
    return add(tenant, in, nowNanos, ageNanos, partition, waiter, null);
  }

  /**
   * As {@link #add(String, List, long, long, Object, Runnable)}, for spans read from {@code partition} with
   * their record {@code times} (null: none known): their traces are decided in record time.
   */
  public synchronized Added add(String tenant, List<Span> in, long nowNanos, long ageNanos, Object partition,
      Runnable waiter, RecordTimes times) {
    TailConfig c = config.get();
    if (times != null) {
      queues.advance(partition, times.newestMillis());
    }
    decider.resize(c);
    Map<TraceId, List<Span>> byTrace = new HashMap<>();
    for (Span s : in) {
      byTrace.computeIfAbsent(s.traceId(), k -> new ArrayList<>(4)).add(s);
    }
    List<Span> keptLate = new ArrayList<>(0);
    List<Span> droppedLate = new ArrayList<>(0);
    int waiting = 0;
    for (Map.Entry<TraceId, List<Span>> g : byTrace.entrySet()) {
      Key id = new Key(tenant, g.getKey());
      BufferedTrace t = buffer.get(id);
      if (t == null) {
        Boolean decided = decider.cached(id);
        if (decided != null) {
          (decided ? keptLate : droppedLate).addAll(g.getValue());
          metrics.late(tenant, decided, g.getValue().size());
          continue;
        }
        t = new BufferedTrace(id, nowNanos - ageNanos, partition);
        buffer.put(id, t);
        queues.append(t);
      }
      Long recordMs = times == null ? null : times.firstMillis().get(id);
      if (recordMs != null) {
        t.recordTime(recordMs);
      }
      bytes += t.append(g.getValue());
      spans += g.getValue().size();
      if (waiter != null && t.addWaiter(waiter)) {
        waiting++;
      }
    }
    List<Decided> early = new ArrayList<>(0);
    while (buffer.size() > c.numTraces() || bytes > c.maxBytes() && buffer.size() > 1) {
      String reason = buffer.size() > c.numTraces() ? "max-traces" : "max-bytes";
      Iterator<BufferedTrace> it = buffer.values().iterator();
      BufferedTrace oldest = it.next();
      it.remove();
      oldest.gone = true;
      metrics.early(oldest.key.tenant(), reason);
      early.add(decide(oldest, nowNanos));
    }
    return new Added(keptLate, droppedLate, early, waiting);
  }

  /** Takes out and decides the traces whose wait is over on the wall clock, every partition read as of now. */
  public List<Decided> due(long nowNanos) {
    return due(nowNanos, PartitionReads.WALL_CLOCK);
  }

  /**
   * Takes out and decides the traces whose wait is over ({@link PartitionQueues#due}): a collector's on the
   * wall clock, a partition's in record time as {@code reads} tells. {@code reads} null: a collector's
   * traces only.
   */
  public synchronized List<Decided> due(long nowNanos, PartitionReads reads) {
    List<Decided> out = new ArrayList<>();
    queues.due(nowNanos, config.get().decisionWaitMs(), reads, (t, early) -> {
      if (early != null) {
        metrics.early(t.key.tenant(), early);
      }
      buffer.remove(t.key);
      t.gone = true;
      out.add(decide(t, nowNanos));
    });
    return out;
  }

  /** Takes out and decides every trace now (the node stops). */
  public synchronized List<Decided> decideAll(long nowNanos, String reason) {
    List<Decided> out = new ArrayList<>();
    for (Iterator<BufferedTrace> it = buffer.values().iterator(); it.hasNext(); ) {
      BufferedTrace t = it.next();
      it.remove();
      t.gone = true;
      metrics.early(t.key.tenant(), reason);
      out.add(decide(t, nowNanos));
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
    for (Iterator<BufferedTrace> it = buffer.values().iterator(); it.hasNext(); ) {
      BufferedTrace t = it.next();
      if (byId.test(t.key.id()) && byPartition.test(t.partition)) {
        it.remove();
        t.gone = true;
        bytes -= t.bytes;
        spans -= t.spans;
        out.add(new Decided(t.key.tenant(), t.key.id(), t.decode(), false, t.waiters, t.partition, t.firstNanos));
      }
    }
    if (!out.isEmpty()) {
      queues.purgeGone();
    }
    queues.forgetClocks(byPartition);
    return out;
  }

  private Decided decide(BufferedTrace t, long nowNanos) {
    bytes -= t.bytes;
    spans -= t.spans;
    List<Span> decoded = t.decode();
    t.release();
    boolean keep = decider.decide(t.key, decoded, nowNanos);
    return new Decided(t.key.tenant(), t.key.id(), decoded, keep, t.waiters, t.partition, t.firstNanos);
  }
}
